"""Graded tests for d2l 10.2, Nadaraya-Watson kernel regression: average pooling, Gaussian-kernel pooling, the
parametric NWKernelRegression, and its training (against the reference from the same start)."""

import random

import pytest
import torch
from torch import nn

from katas.attncheck import variant
from katas.checks import expect, expect_tensor, fail, fmt_shape
from katas.fixtures import reference
from katas.plotting import pyplot
from katas.testkit import build, keep_picture

exercise = pytest.mark.exercise


def _data(n_train=None):
    """The book's data: sorted x in [0, 5), y = 2 sin(x) + x^0.8 + noise, queries on a grid."""
    n_train = n_train or random.choice([n for n in range(21, 61) if n not in (25, 50)])  # never n_test: a
    # transposed weight matrix must show by its shape
    x_train, _ = torch.sort(torch.rand(n_train) * 5)
    y_train = 2 * torch.sin(x_train) + x_train ** 0.8 + torch.normal(0.0, 0.5, (n_train,))
    x_test = torch.arange(0, 5, random.choice([0.1, 0.2, 0.25]))
    return x_train, y_train, x_test


@exercise("average_pooling")
def test_average_pooling(impl):
    x_train, y_train, x_test = _data()
    got = impl.average_pooling(y_train, x_test)
    expect_tensor(got, y_train.mean().repeat(len(x_test)), f"average_pooling(y_train ({len(y_train)},), x_test "
                  f"({len(x_test)},))", mistakes=[
                      variant(y_train.mean(), "one number came back: repeat the mean once per query, "
                              "torch.repeat_interleave(y_train.mean(), len(x_test))",
                              "只返回了一个数：要为每个查询重复这个均值，torch.repeat_interleave(y_train.mean(), "
                              "len(x_test))"),
                      variant(y_train.mean().repeat(len(y_train)), "one prediction per training example came back: "
                              "one per query, len(x_test)", "返回的是每个训练样本一个预测："
                                                            "应为每个查询一个，len(x_test)")])


def _nw(x_train, y_train, x_test, *, sign=-1, half=True, dim=1):
    d = x_test.reshape(-1, 1) - x_train
    w = torch.softmax(sign * d ** 2 / (2 if half else 1), dim=dim)
    return w @ y_train, w


@exercise("nonparametric_pooling")
def test_nonparametric_pooling(impl, close_figures):
    x_train, y_train, x_test = _data()
    what = f"nonparametric_pooling(x_train ({len(x_train)},), y_train, x_test ({len(x_test)},))"
    out = impl.nonparametric_pooling(x_train, y_train, x_test)
    expect(isinstance(out, tuple) and len(out) == 2, f"{what} returned {type(out).__name__}: return (y_hat, "
           "attention_weights)", f"{what} 返回了 {type(out).__name__}：应返回 (y_hat, attention_weights)")
    y_hat, weights = out
    want_y, want_w = _nw(x_train, y_train, x_test)
    if torch.is_tensor(weights) and tuple(weights.shape) == (len(x_train), len(x_test)):
        fail(f"{what}: the attention weights are {fmt_shape(weights.shape)}, (keys, queries): one row per query, "
             "x_test.repeat_interleave(len(x_train)).reshape((-1, len(x_train)))",
             f"{what}：注意力权重的形状为 {fmt_shape(weights.shape)}，即 (键, 查询)：应每个查询一行")
    mistakes = [variant(_nw(x_train, y_train, x_test, dim=0)[1], "the softmax ran over the queries (dim=0): each "
                        "query's weights over the keys sum to 1, softmax(..., dim=1)",
                        "softmax 沿查询（dim=0）做了：每个查询在键上的权重和为 1，softmax(..., dim=1)"),
                variant(_nw(x_train, y_train, x_test, half=False)[1], "the kernel lacks its / 2: "
                        "softmax(-(x - x_i) ** 2 / 2)", "高斯核少了 / 2：softmax(-(x - x_i) ** 2 / 2)"),
                variant(_nw(x_train, y_train, x_test, sign=1)[1], "the minus sign is missing: nearer keys must weigh "
                        "more, softmax(-(x - x_i) ** 2 / 2)", "缺少负号：越近的键权重应越大，softmax(-(x - x_i) ** 2 / "
                                                              "2)")]
    expect_tensor(weights, want_w, f"{what}: the attention weights", mistakes=mistakes)
    expect_tensor(y_hat, want_y, f"{what}: y_hat", atol=1e-4)
    show = reference("ch10_1_attention_cues.py").show_heatmaps  # the picture of the learner's weights
    show(weights.unsqueeze(0).unsqueeze(0), xlabel="Sorted training inputs", ylabel="Sorted testing inputs")
    keep_picture("nonparametric_pooling", figure=pyplot().gcf())


def _regression_variants(w, queries, keys, values):
    def out(f, dim=1):
        return torch.bmm(torch.softmax(f, dim=dim).unsqueeze(1), values.unsqueeze(-1)).reshape(-1)

    d = queries.reshape(-1, 1) - keys
    return [variant(out(-(d ** 2) * w / 2), "w multiplies the squared distance: it belongs inside the square, "
                    "-((queries - keys) * self.w) ** 2 / 2", "w 乘在了距离的平方上：它应在平方之内，"
                    "-((queries - keys) * self.w) ** 2 / 2"),
            variant(out(-((d * w) ** 2) / 2, dim=0), "the softmax ran over the queries (dim=0): over the keys, dim=1",
                    "softmax 沿查询（dim=0）做了：应沿键，dim=1")]


@exercise("NWKernelRegression")
def test_nw_kernel_regression(impl):
    n, m = random.sample(range(4, 12), 2)
    net = build(impl.NWKernelRegression)
    params = list(net.parameters())
    expect(len(params) == 1 and tuple(params[0].shape) == (1,), f"NWKernelRegression() has the parameters "
           f"{[tuple(p.shape) for p in params]}: one, self.w = nn.Parameter(torch.rand((1,), requires_grad=True))",
           "NWKernelRegression() 应只有一个参数 self.w = nn.Parameter(torch.rand((1,), requires_grad=True))")
    w = random.uniform(0.5, 3.0)
    with torch.no_grad():
        net.w.fill_(w)
    queries, keys, values = torch.rand(n) * 5, torch.rand(n, m) * 5, torch.randn(n, m)
    what = f"NWKernelRegression with w = {w:.3g} on queries ({n},), keys and values {fmt_shape((n, m))}"
    out = net(queries, keys, values)
    want_w = torch.softmax(-((queries.reshape(-1, 1) - keys) * w) ** 2 / 2, dim=1)
    want = torch.bmm(want_w.unsqueeze(1), values.unsqueeze(-1)).reshape(-1)
    expect_tensor(out, want, what, requires_grad=True,
                  mistakes=_regression_variants(w, queries, keys, values))
    expect_tensor(getattr(net, "attention_weights", None), want_w, f"{what}: self.attention_weights")
    out.sum().backward()
    ref_w = torch.tensor([w], requires_grad=True)
    torch.bmm(torch.softmax(-((queries.reshape(-1, 1) - keys) * ref_w) ** 2 / 2, dim=1).unsqueeze(1),
              values.unsqueeze(-1)).sum().backward()
    expect_tensor(net.w.grad, ref_w.grad, f"{what}: the gradient of w", atol=1e-4)


def _reference_losses(ref, x_train, y_train, w0, lr, epochs, include_self=False, zero_grad=True):
    net = ref.NWKernelRegression()
    with torch.no_grad():
        net.w.fill_(w0)
    n = len(x_train)
    keep = torch.ones(n, n, dtype=torch.bool) if include_self else ~torch.eye(n, dtype=torch.bool)
    keys, values = x_train.repeat((n, 1))[keep].reshape(n, -1), y_train.repeat((n, 1))[keep].reshape(n, -1)
    opt, losses = torch.optim.SGD(net.parameters(), lr=lr), []
    for _ in range(epochs):
        if zero_grad:
            opt.zero_grad()
        l = nn.functional.mse_loss(net(x_train, keys, values), y_train, reduction="none")  # noqa: E741
        l.sum().backward()
        opt.step()
        losses.append(float(l.sum()))
    return losses, float(net.w)


@exercise("train_nw")
def test_train_nw(impl, ref):
    x_train, y_train, _ = _data(random.randint(20, 50))
    w0, lr, epochs = random.uniform(0.5, 2.0), random.choice([0.1, 0.3, 0.5]), random.randint(3, 6)
    net = ref.NWKernelRegression()
    with torch.no_grad():
        net.w.fill_(w0)
    what = f"train_nw(net with w = {w0:.3g}, {len(x_train)} examples, lr={lr}, num_epochs={epochs})"
    losses = impl.train_nw(net, x_train, y_train, lr=lr, num_epochs=epochs)
    want, want_w = _reference_losses(ref, x_train, y_train, w0, lr, epochs)
    expect(isinstance(losses, (list, tuple)) and len(losses) == epochs, f"{what} returned {losses!r:.60}: a list of "
           f"{epochs} numbers, each epoch's summed loss", f"{what} 应返回 {epochs} 个数的列表：每轮的损失和")
    with_self, _ = _reference_losses(ref, x_train, y_train, w0, lr, epochs, include_self=True)
    piled_up, _ = _reference_losses(ref, x_train, y_train, w0, lr, epochs, zero_grad=False)
    expect_tensor(torch.tensor([float(v) for v in losses]), torch.tensor(want), f"{what}: the losses", atol=1e-3,
                  rtol=1e-3, mistakes=[variant(torch.tensor(with_self), "each example was among its own keys: drop the "
                                       "diagonal, keys = X_tile[(1 - torch.eye(n_train)).type(torch.bool)]"
                                       ".reshape((n_train, -1)), so no example predicts itself",
                                       "每个样本都出现在自己的键里：去掉对角线，keys = X_tile[(1 - torch.eye(n_train))"
                                       ".type(torch.bool)].reshape((n_train, -1))，样本不能预测它自己"),
                                       variant(torch.tensor(piled_up), "the gradients piled up across epochs: call "
                                       "trainer.zero_grad() before each backward",
                                       "梯度在各轮之间累加了：每次反向传播前先调用 trainer.zero_grad()")])
    expect(abs(float(net.w) - want_w) < 1e-3, f"{what}: w ended at {float(net.w):.4g}, expected {want_w:.4g}: one "
           "SGD step per epoch on the summed loss, trainer.zero_grad() first",
           f"{what}：w 最终为 {float(net.w):.4g}，应为 {want_w:.4g}：每轮先 trainer.zero_grad()，再对损失和做一步 SGD")
