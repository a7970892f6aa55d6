"""Graded tests for d2l 7.5, batch normalization: batch_norm from scratch, the BatchNorm layer, BN-LeNet.

batch_norm is checked against nn.BatchNorm1d/2d: the output in training mode (batch statistics),
the moving averages over several steps under d2l's convention
`moving = momentum * moving + (1 - momentum) * batch` (nn.BatchNorm's momentum is 1 - d2l's, and
its running_var is unbiased where d2l's is not: that one is computed here), and the output in
evaluation mode (the moving averages), which d2l selects with torch.is_grad_enabled().
"""

import random

import pytest
import torch
from torch import nn

from katas import netcheck as nc
from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.explain import original
from katas.testkit import Batches, build, clears, training_seed, training_subset

exercise = pytest.mark.exercise

EPS, MOMENTUM = 1e-5, 0.9  # what d2l's BatchNorm passes to batch_norm

# BN-LeNet trained with SGD, batch size and one learning rate per epoch (d2l: lr 1.0, 10 epochs), then
# evaluated under torch.no_grad() (d2l's batch_norm: evaluation mode, the moving averages), from the training
# seed (testkit.training_seed): the same images, initial weights and shuffling on every run.
# CPU: 40 steps on 1280 images, judged on 1000 test images (moving averages never updated: about 0.1).
# benchmarks/seed_sweep.py, with --seed and the training seed varied together:
# over 1,000 seeds 0.303 at worst, 0.505 at the 1st percentile, 0.634 at the median (both tests train
# the same run); with moving averages never updated, 0.10 (2 training seeds): bar 0.20.
# CUDA: the whole training set for three epochs, the last at a tenth of the rate; the same config run on a
# CPU for 22 seeds scored 0.850-0.863 on the 10000 test images.
CPU_RUN = dict(lrs=(0.1,), batch=32, train=1280, test=1000, bar=0.20)
CUDA_RUN = dict(lrs=(1.0, 1.0, 0.1), batch=256, train=60000, test=10000, bar=0.80)


# --- batch_norm ------------------------------------------------------------------------------


def _data(dims, device, dtype=torch.float32):
    """X with per-channel means and scales from 0.03 to 3, d2l-shaped gamma, beta and moving statistics.

    A channel of scale 0.03 shows eps outside the square root; one of scale 3 shows a moving variance
    that tracks the unbiased variance.
    """
    c = random.randint(2, 6)
    if dims == 2:
        n = random.choice([k for k in range(3, 9) if k != c])
        shape, pshape = (n, c), (1, c)
    else:
        w = random.choice([k for k in range(2, 5) if k != c])  # W != C: a missing keepdim cannot broadcast
        shape, pshape = (random.randint(2, 4), c, random.randint(2, 4), w), (1, c, 1, 1)
    scale = 10 ** torch.empty(pshape).uniform_(-1.5, 0.5)
    scale[:, :2] = torch.tensor([0.03, 3.0]).reshape((1, 2) + (1,) * (dims - 2))  # eps matters; so does n - 1
    X = (torch.randn(shape) * scale + torch.randn(pshape) * 2).to(device, dtype)
    gamma = (torch.rand(pshape) * 1.5 + 0.5).to(device, dtype)
    beta = torch.randn(pshape).to(device, dtype)
    moving_mean = torch.randn(pshape).to(device, dtype)
    moving_var = (torch.rand(pshape) + 0.5).to(device, dtype)
    eps = 10 ** random.uniform(-4, -2)
    momentum = random.uniform(0.6, 0.95)  # far from 0.5, where a backwards momentum would not show
    return X, gamma, beta, moving_mean, moving_var, eps, momentum


def _dims(X):
    return (0,) if X.dim() == 2 else (0, 2, 3)


def _stats(X, dims):
    """d2l's statistics: mean and biased variance over dims, kept broadcastable."""
    X = X.double()
    mean = X.mean(dims, keepdim=True)
    return mean, ((X - mean) ** 2).mean(dims, keepdim=True)


def _reference_bn(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """nn.BatchNorm1d/2d set up as d2l's batch_norm: momentum is 1 - d2l's."""
    c = X.shape[1]
    bn = (nn.BatchNorm1d if X.dim() == 2 else nn.BatchNorm2d)(c, eps=eps, momentum=1 - momentum)
    bn = bn.to(X.device, X.dtype)
    with torch.no_grad():
        bn.weight.copy_(gamma.reshape(c))
        bn.bias.copy_(beta.reshape(c))
        bn.running_mean.copy_(moving_mean.reshape(c))
        bn.running_var.copy_(moving_var.reshape(c))
    return bn


def _norm(X, mean, var, gamma, beta, eps, root=True, eps_inside=True):
    X, gamma, beta = X.double(), gamma.detach().double(), beta.detach().double()
    mean, var = mean.double(), var.double()
    den = torch.sqrt(var + eps) if eps_inside else torch.sqrt(var) + eps
    return gamma * (X - mean) / (den if root else var + eps) + beta


def _near(a, b):
    """Close enough to name a mistake: a float32 result that divides by a small variance is off by 1e-5."""
    return close(a, b, atol=1e-3, rtol=1e-3)


def _y_mistakes(X, gamma, beta, mm, mv, eps, training):
    """Outputs that classic mistakes give, each named."""
    X = X.detach()
    dims = _dims(X)
    mean, var = _stats(X, dims)
    n = X.numel() // X.shape[1]
    axes, unit, unit_zh = ("dim=0", "feature", "特征") if X.dim() == 2 else ("dim=(0, 2, 3)", "channel", "通道")
    if training:
        m, v = mean, var
    else:
        m, v = mm, mv
    found = []
    if training:
        found.append(Mistake(lambda a: _near(a, _norm(X, mm, mv, gamma, beta, eps)),
                             "it normalised with the moving averages while autograd is on (training): decide the "
                             "mode as d2l does, `if not torch.is_grad_enabled():` use the moving averages, else "
                             "the batch's statistics",
                             "自动求导开着（训练模式）却用了移动平均：按 d2l 的方式判断模式，"
                             "`if not torch.is_grad_enabled():` 时才用移动平均，否则用本批的统计量"))
        found.append(Mistake(lambda a: _near(a, _norm(X, mean, var * n / (n - 1), gamma, beta, eps)),
                             "that is the unbiased variance (dividing by n - 1, e.g. X.var()): d2l uses the mean of "
                             "the squared deviations, ((X - mean) ** 2).mean(...)",
                             "这是无偏方差（除以 n - 1，例如 X.var()）：d2l 用偏差平方的均值 "
                             "((X - mean) ** 2).mean(...)"))
        if X.dim() == 4:
            found.append(Mistake(lambda a: _near(a, _norm(X, *_stats(X, (0,)), gamma, beta, eps)),
                                 "one mean per position: for 4-D input average over the batch and every position of "
                                 "a channel, X.mean(dim=(0, 2, 3), keepdim=True)",
                                 "每个位置一个均值：4 维输入要对批量和通道内所有位置求平均，"
                                 "X.mean(dim=(0, 2, 3), keepdim=True)"))
        found.append(Mistake(lambda a: _near(a, _norm(X, *_stats(X, tuple(range(1, X.dim()))), gamma, beta, eps)),
                             f"one mean per example (that is layer norm): average over the batch, {axes}",
                             f"每个样本一个均值（那是层规范化）：应对批量求平均，{axes}"))
        found.append(Mistake(lambda a: _near(a, _norm(X, *_stats(X, tuple(range(X.dim()))), gamma, beta, eps)),
                             f"one mean for the whole tensor: one per {unit}, {axes}",
                             f"整个张量只有一个均值：应每个{unit_zh}一个，{axes}"))
    else:
        found.append(Mistake(lambda a: _near(a, _norm(X, mean, var, gamma, beta, eps)),
                             "batch statistics used in evaluation mode: under torch.no_grad() normalise with "
                             "moving_mean and moving_var (one image at a time, batch statistics would make every "
                             "prediction the same)",
                             "评估模式下用了本批的统计量：在 torch.no_grad() 下要用 moving_mean 和 moving_var 规范化"
                             "（一次只预测一张图时，本批统计量会让所有预测都一样）"))
    found += [
        Mistake(lambda a: _near(a, _norm(X, m, v, gamma, beta, eps, eps_inside=False)), "eps outside the square "
                "root: divide by torch.sqrt(var + eps), not torch.sqrt(var) + eps",
                "eps 放在了平方根外面：应除以 torch.sqrt(var + eps)，而不是 torch.sqrt(var) + eps"),
        Mistake(lambda a: _near(a, _norm(X, m, v, gamma, beta, eps, root=False)), "divided by the variance: divide "
                "by the standard deviation, torch.sqrt(var + eps)", "除以了方差：应除以标准差 torch.sqrt(var + eps)"),
        Mistake(lambda a: _near(a, _norm(X, m, v, beta, gamma, eps)), "gamma and beta swapped: Y = gamma * X_hat + "
                "beta (gamma scales, beta shifts)",
                "gamma 和 beta 用反了：Y = gamma * X_hat + beta（gamma 缩放，beta 平移）"),
        Mistake(lambda a: _near(a, _norm(X, m, v, torch.ones_like(gamma), torch.zeros_like(beta), eps)),
                "gamma and beta are not applied: Y = gamma * X_hat + beta",
                "没有用 gamma 和 beta：Y = gamma * X_hat + beta"),
    ]
    return found


def _call(impl, X, gamma, beta, mm, mv, eps, momentum):
    """batch_norm's three results, with the classic crashes named."""
    __tracebackhide__ = True
    args = f"batch_norm(X {fmt_shape(X.shape)}, ...)"
    inputs = {"X": X, "gamma": gamma, "beta": beta}
    before = {name: v.detach().clone() for name, v in inputs.items()}
    try:
        out = impl.batch_norm(X, gamma, beta, mm, mv, eps, momentum)
    except NotImplementedError:
        raise
    except RuntimeError as e:
        if "must match the size" in str(e) and X.dim() == 4:
            fail(f"{args} failed: missing keepdim? X.mean(dim=(0, 2, 3)) has shape ({X.shape[1]},), which "
                 f"lines up with X's last axis; keep it (1, C, 1, 1) with keepdim=True ({original(e)})",
                 f"{args} 出错：缺少 keepdim？X.mean(dim=(0, 2, 3)) 的形状是 ({X.shape[1]},)，会和 X 的最后一维对齐；"
                 "用 keepdim=True 保持 (1, C, 1, 1)")
        if "must match the size" in str(e):
            fail(f"{args} failed: for 2-D input average each feature over the batch, X.mean(dim=0) ({original(e)})",
                 f"{args} 出错：2 维输入要对每个特征沿批量求平均，X.mean(dim=0)")
        raise
    for name, v in inputs.items():  # the expected values are computed from them after the call (red team I13
        # zeroed X and gamma in place, so that the reference's gradients matched a wrong batch_norm's)
        expect(torch.equal(v.detach(), before[name]),
               f"{args} changed {name} in place: normalise into a new tensor (X_hat = (X - mean) / ..., not "
               f"X -= mean); only moving_mean and moving_var may be updated in place",
               f"{args} 原地修改了 {name}：请把标准化结果放进新的张量（X_hat = (X - mean) / ...，而不是 X -= mean）；"
               "只有 moving_mean 和 moving_var 可以原地更新")
    expect(isinstance(out, tuple) and len(out) == 3, f"{args} should return (Y, moving_mean, moving_var), got "
           f"{type(out).__name__}", f"{args} 应返回 (Y, moving_mean, moving_var)，实际为 {type(out).__name__}")
    return out


def _expect_moving(got, start, batch_value, momentum, name, unbiased=None):
    """A moving average after one step: momentum * start + (1 - momentum) * batch_value (d2l's convention)."""
    __tracebackhide__ = True
    expected = (momentum * start.double() + (1 - momentum) * batch_value).to(start.dtype)
    mistakes = [
        Mistake(lambda a: _near(a, (1 - momentum) * start.double() + momentum * batch_value),
                f"the momentum is backwards: d2l keeps momentum ({momentum:.3g}) of the old value, "
                f"{name} = momentum * {name} + (1.0 - momentum) * batch value",
                f"momentum 用反了：d2l 保留 momentum（{momentum:.3g}）倍的旧值，"
                f"{name} = momentum * {name} + (1.0 - momentum) * 本批的值"),
        Mistake(lambda a: _near(a, start), f"{name} came back unchanged: in training mode update it, "
                f"{name} = momentum * {name} + (1.0 - momentum) * batch value, and return the new one",
                f"{name} 原样返回了：训练模式下要更新它，{name} = momentum * {name} + (1.0 - momentum) * 本批的值，"
                "并返回新值"),
        Mistake(lambda a: _near(a.reshape(-1), batch_value.reshape(-1)),
                f"{name} is just this batch's value: average it with the old one, "
                f"momentum * {name} + (1.0 - momentum) * batch value",
                f"{name} 只是本批的值：要和旧值做移动平均，momentum * {name} + (1.0 - momentum) * 本批的值"),
    ]
    if unbiased is not None:
        mistakes.append(Mistake(lambda a: _near(a, momentum * start.double() + (1 - momentum) * unbiased),
                                "that tracks the unbiased variance (as nn.BatchNorm's running_var does): d2l tracks "
                                "the same biased variance it normalises with",
                                "这里跟踪的是无偏方差（nn.BatchNorm 的 running_var 就是这样）：d2l 跟踪的是"
                                "规范化时用的那个有偏方差"))
    expect_tensor(got, expected, f"the {name} that batch_norm returns after one training step", mistakes=mistakes)


def _expect_no_graph(new_mean, new_var):
    __tracebackhide__ = True
    for name, t in (("moving_mean", new_mean), ("moving_var", new_var)):
        if torch.is_tensor(t) and t.requires_grad:
            fail(f"the {name} that batch_norm returns has a grad_fn: the moving averages track gradients; return "
                 f"{name}.detach() (d2l: {name}.data), or each batch's graph stays alive through them, step after "
                 "step", f"batch_norm 返回的 {name} 带有 grad_fn：移动平均在跟踪梯度；返回 {name}.detach()"
                 f"（d2l 用 {name}.data），否则每一批的计算图都会通过它们一步步保留下来")


def _copy(*ts):
    """Clones: a batch_norm that updates in place must not change the values the test compares with."""
    return [t.clone() for t in ts]


@exercise("batch_norm")
@pytest.mark.parametrize("dims", [2, 4])
def test_batch_norm_training_mode(impl, device, dims):
    X, gamma, beta, mm, mv, eps, momentum = _data(dims, device)
    mm0, mv0 = _copy(mm, mv)
    bn = _reference_bn(X, gamma, beta, mm0, mv0, eps, momentum).train()
    with torch.no_grad():
        expected = bn(X)
    Y, new_mean, new_var = _call(impl, X, gamma, beta, mm, mv, eps, momentum)
    what = f"batch_norm(X {fmt_shape(X.shape)}) in training mode (autograd on)"
    expect_tensor(Y, expected, what, atol=1e-4, mistakes=_y_mistakes(X, gamma, beta, mm0, mv0, eps, True))
    mean, var = _stats(X, _dims(X))
    n = X.numel() // X.shape[1]
    shape = mm0.shape
    _expect_moving(new_mean, mm0, mean.reshape(shape), momentum, "moving_mean")
    unbiased = (var * n / (n - 1)).reshape(shape)
    _expect_moving(new_var, mv0, var.reshape(shape), momentum, "moving_var", unbiased=unbiased)


@exercise("batch_norm")
@pytest.mark.parametrize("dims", [2, 4])
def test_batch_norm_moving_averages_over_steps(impl, dims):
    """Several batches in a row, each step's moving averages fed to the next, as BatchNorm does."""
    X, gamma, beta, mm, mv, eps, momentum = _data(dims, "cpu")
    bn = _reference_bn(X, gamma, beta, mm, mv, eps, momentum).train()
    start_mean, expected_var = mm.clone(), mv.double()
    steps = random.randint(3, 6)
    for _ in range(steps):
        X = X[torch.randperm(len(X))] * random.uniform(0.5, 2) + random.uniform(-1, 1)
        with torch.no_grad():
            bn(X)
        expected_var = momentum * expected_var + (1 - momentum) * _stats(X, _dims(X))[1].reshape(mv.shape)
        _, mm, mv = _call(impl, X, gamma, beta, *_copy(mm, mv), eps, momentum)
    expect_tensor(mm, bn.running_mean.reshape(mm.shape), f"the moving_mean after {steps} training steps", mistakes=[
        Mistake(lambda a: close(a, start_mean), "it never moved: return the updated moving averages",
                "它一直没变：要返回更新后的移动平均"),
        Mistake(lambda a: close(a, _stats(X, _dims(X))[0].reshape(mm.shape)), "it is the last batch's mean: "
                "average it with the old value, momentum * moving_mean + (1.0 - momentum) * mean",
                "这是最后一批的均值：要和旧值做移动平均，momentum * moving_mean + (1.0 - momentum) * mean"),
    ])
    expect_tensor(mv, expected_var.to(mv.dtype), f"the moving_var after {steps} training steps")


@exercise("batch_norm")
@pytest.mark.parametrize("dims", [2, 4])
def test_batch_norm_evaluation_mode(impl, device, dims):
    X, gamma, beta, mm, mv, eps, momentum = _data(dims, device)
    mm0, mv0 = _copy(mm, mv)
    bn = _reference_bn(X, gamma, beta, mm0, mv0, eps, momentum).eval()
    with torch.no_grad():
        expected = bn(X)
        Y, new_mean, new_var = _call(impl, X, gamma, beta, mm, mv, eps, momentum)
    what = f"batch_norm(X {fmt_shape(X.shape)}) in evaluation mode (under torch.no_grad())"
    expect_tensor(Y, expected, what, atol=1e-4, mistakes=_y_mistakes(X, gamma, beta, mm0, mv0, eps, False))
    for name, got, start in (("moving_mean", new_mean, mm0), ("moving_var", new_var, mv0)):
        expect_tensor(got, start, f"the {name} that batch_norm returns in evaluation mode", mistakes=[
            Mistake(lambda a, start=start: not close(a, start), f"evaluation changed {name}: only training "
                    "updates the moving averages; in evaluation mode return them as they came",
                    f"评估模式改变了 {name}：只有训练才更新移动平均；评估时原样返回"),
        ])


@exercise("batch_norm")
@pytest.mark.parametrize("dims", [2, 4])
def test_batch_norm_gradients(impl, dims):
    """In float64: the gradients of X, gamma and beta are nn.BatchNorm's; the moving averages carry no graph."""
    X, gamma, beta, mm, mv, eps, momentum = _data(dims, "cpu", torch.float64)
    X, gamma, beta = (t.requires_grad_() for t in (X, gamma, beta))
    Y, new_mean, new_var = _call(impl, X, gamma, beta, mm, mv, eps, momentum)
    what = f"batch_norm(X {fmt_shape(X.shape)}) with X, gamma and beta requiring grad"
    expect_tensor(Y, Y.detach(), what, requires_grad=True)
    _expect_no_graph(new_mean, new_var)
    R = torch.randn_like(Y)
    (Y * R).sum().backward()
    x2, g2, b2 = (t.detach().clone().requires_grad_() for t in (X, gamma, beta))
    bn = _reference_bn(x2, g2, b2, mm, mv, eps, momentum).train()
    (bn(x2) * R).sum().backward()
    expect_tensor(X.grad, x2.grad, "X.grad after backward through batch_norm", mistakes=[
        Mistake(lambda a: close(a, gamma.detach() * R / torch.sqrt(_stats(X.detach(), _dims(X))[1] + eps)),
                "the batch mean and variance were cut from the graph (.detach(), .data or torch.no_grad()): only the "
                "moving averages are detached; the gradient flows through mean and var",
                "本批的均值和方差被切出了计算图（.detach()、.data 或 torch.no_grad()）：只有移动平均要分离，"
                "梯度要经过 mean 和 var"),
    ])
    expect_tensor(gamma.grad, bn.weight.grad.reshape(gamma.shape), "gamma.grad after backward through batch_norm")
    expect_tensor(beta.grad, bn.bias.grad.reshape(beta.shape), "beta.grad after backward through batch_norm")


# --- training runs ---------------------------------------------------------------------------


def _xavier(m):
    """d2l's train_ch6 initialisation: Xavier for Linear and Conv2d weights."""
    if type(m) in (nn.Linear, nn.Conv2d):
        nn.init.xavier_uniform_(m.weight)


def train_bn_lenet(net, X, y, lrs, batch):
    """SGD on nn.CrossEntropyLoss, one learning rate per epoch, after train_ch6's Xavier initialisation."""
    net.apply(_xavier)
    trainer = torch.optim.SGD(net.parameters(), lr=lrs[0])
    loss = nn.CrossEntropyLoss()
    for lr in lrs:
        for group in trainer.param_groups:
            group["lr"] = lr
        for Xb, yb in Batches(X, y, batch, shuffle=True):
            trainer.zero_grad()
            loss(net(Xb), yb).backward()
            trainer.step()


def accuracy(net, X, y, batch=2500):
    with torch.no_grad():  # d2l's batch_norm: no autograd means evaluation mode
        hits = sum(int((net(X[i : i + batch]).argmax(1) == y[i : i + batch]).sum()) for i in range(0, len(X), batch))
    return hits / len(X)


@exercise("batch_norm")
@pytest.mark.timeout(60)
def test_batch_norm_in_bn_lenet(impl, ref, fashion_mnist, monkeypatch):
    """d2l's BN-LeNet on this batch_norm: a few SGD steps, then evaluation, batch by batch and image by image."""
    X, gamma, beta, mm, mv, eps, momentum = _data(4, "cpu")
    _expect_no_graph(*_call(impl, X.requires_grad_(), gamma, beta, mm, mv, eps, momentum)[1:])  # or every step slows
    monkeypatch.setattr(ref, "batch_norm", impl.batch_norm)  # the reference's BatchNorm layers call it
    train_X, train_y, test_X, test_y = training_subset(fashion_mnist, "cpu", CPU_RUN)
    torch.manual_seed(training_seed())  # the initial weights and the shuffling: the same run every time
    net = ref.bn_lenet()
    train_bn_lenet(net, train_X, train_y, CPU_RUN["lrs"], CPU_RUN["batch"])
    X = test_X[:20]
    with torch.no_grad():
        together = net(X)
        alone = torch.cat([net(X[i : i + 1]) for i in range(len(X))])
    expect(close(alone, together, atol=1e-4), "in evaluation mode (torch.no_grad()) BN-LeNet's scores for an image "
           "change when it comes alone instead of in a batch: batch statistics used in evaluation mode; normalise "
           "with moving_mean and moving_var, which do not depend on the batch",
           "评估模式下（torch.no_grad()）同一张图单独预测和放在一批里预测的结果不同：评估模式用了本批的统计量；"
           "应该用不依赖于这一批的 moving_mean 和 moving_var")
    acc = accuracy(net, test_X, test_y)
    steps = -(-CPU_RUN["train"] // CPU_RUN["batch"])
    expect(clears(acc, CPU_RUN["bar"]), f"after {steps} SGD steps, BN-LeNet with this batch_norm scores {acc:.3f} on "
           f"{len(test_X)} test images in evaluation mode; with d2l's it clears {CPU_RUN['bar']}: check the moving "
           "averages, which evaluation normalises with",
           f"{steps} 步 SGD 之后，用这个 batch_norm 的 BN-LeNet 在评估模式下的测试准确率为 {acc:.3f}；"
           f"用 d2l 的可以超过 {CPU_RUN['bar']}：检查评估时使用的移动平均")


# --- BatchNorm -------------------------------------------------------------------------------


def _pshape(c, num_dims):
    return (1, c) if num_dims == 2 else (1, c, 1, 1)


def _batchnorm(impl, c, num_dims):
    """BatchNorm(c, num_dims) with gamma, beta, moving_mean and moving_var of the right kinds and shapes."""
    __tracebackhide__ = True
    bn = build(impl.BatchNorm, c, num_dims)
    what = f"BatchNorm({c}, num_dims={num_dims})"
    shape = _pshape(c, num_dims)
    for name in ("gamma", "beta", "moving_mean", "moving_var"):
        t = getattr(bn, name, None)
        expect(torch.is_tensor(t), f"{what} has no tensor {name}: d2l's names are gamma, beta, moving_mean and "
               "moving_var", f"{what} 没有张量属性 {name}：d2l 用的名字是 gamma、beta、moving_mean 和 moving_var")
        if tuple(t.shape) != shape:
            fail(f"{what}.{name} has shape {fmt_shape(t.shape)}, expected {fmt_shape(shape)}: "
                 + ("(1, num_features) for a fully connected layer's output" if num_dims == 2 else
                    "(1, num_features, 1, 1), so it broadcasts over (N, C, H, W); a (C,) would line up with the width"),
                 f"{what}.{name} 的形状是 {fmt_shape(t.shape)}，应为 {fmt_shape(shape)}："
                 + ("全连接层的输出用 (1, num_features)" if num_dims == 2 else
                    "(1, num_features, 1, 1) 才能在 (N, C, H, W) 上广播；(C,) 会和宽度对齐"))
    if not isinstance(bn.gamma, nn.Parameter) or not isinstance(bn.beta, nn.Parameter):
        fail(f"{what} has gamma and beta as plain tensors: make them nn.Parameter, or parameters() misses them and "
             "the optimizer never learns the scale and shift", f"{what} 的 gamma 和 beta 是普通张量：要用 "
             "nn.Parameter，否则 parameters() 看不到它们，优化器也学不到缩放和平移")
    for name in ("moving_mean", "moving_var"):
        if isinstance(getattr(bn, name), nn.Parameter):
            fail(f"{what}.{name} is an nn.Parameter: the moving averages are not learned, keep them out of "
                 f"parameters(); register a buffer, self.register_buffer('{name}', ...)",
                 f"{what}.{name} 是 nn.Parameter：移动平均不是学出来的，不要放进 parameters()；"
                 f"注册为缓冲区 self.register_buffer('{name}', ...)")
    return bn, what


@exercise("BatchNorm")
@pytest.mark.parametrize("num_dims", [2, 4])
def test_batchnorm_parameters_and_state(impl, num_dims):
    c = random.randint(2, 9)
    bn, what = _batchnorm(impl, c, num_dims)
    for name, fill in (("gamma", 1.0), ("beta", 0.0), ("moving_mean", 0.0), ("moving_var", 1.0)):
        t = getattr(bn, name).detach()
        expect(torch.equal(t, torch.full_like(t, fill)), f"{what}.{name} starts at {t.flatten()[:4].tolist()}..., "
               f"expected all {fill:g} (gamma 1 and beta 0: at first the layer only normalises)",
               f"{what}.{name} 的初值是 {t.flatten()[:4].tolist()}...，应全为 {fill:g}"
               "（gamma 为 1、beta 为 0：一开始这一层只做规范化）")
    params = list(bn.parameters())
    expect(len(params) == 2 and {id(p) for p in params} == {id(bn.gamma), id(bn.beta)},
           f"{what}.parameters() should be exactly gamma and beta, got {len(params)} tensors",
           f"{what}.parameters() 应恰好是 gamma 和 beta，实际有 {len(params)} 个张量")
    keys = set(bn.state_dict())
    if not {"moving_mean", "moving_var"} <= keys:
        fail(f"{what}.state_dict() has {sorted(keys)}: moving_mean and moving_var are plain attributes (as in d2l), "
             "so .to(device) leaves them on the CPU and a saved model forgets them; register them as buffers, "
             "self.register_buffer('moving_mean', torch.zeros(shape))",
             f"{what}.state_dict() 只有 {sorted(keys)}：moving_mean 和 moving_var 是普通属性（d2l 就是这样），"
             ".to(device) 会把它们留在 CPU 上，保存模型时也会丢掉它们；用 self.register_buffer('moving_mean', "
             "torch.zeros(shape)) 注册为缓冲区")


@exercise("BatchNorm")
def test_batchnorm_moving_statistics_follow_the_module(impl):
    """meta stands in for a GPU: .to(device) must move the moving averages along with gamma and beta."""
    bn, what = _batchnorm(impl, random.randint(2, 9), random.choice([2, 4]))
    bn.to(torch.device("meta"))
    for name in ("gamma", "beta", "moving_mean", "moving_var"):
        t = getattr(bn, name)
        if t.device.type != "meta":
            fail(f"after {what}.to(device), {name} is still on {t.device}: moving statistics left on the CPU; "
                 "register moving_mean and moving_var as buffers (self.register_buffer), which follow the module "
                 "in .to(device) and are saved in its state_dict",
                 f"{what}.to(device) 之后 {name} 还在 {t.device} 上：移动统计量留在了 CPU 上；"
                 "用 self.register_buffer 把 moving_mean 和 moving_var 注册为缓冲区，它们会随模块 .to(device) "
                 "移动，也会保存在 state_dict 里")


def _batches(c, num_dims, device, k):
    n = random.randint(4, 9)
    shape = (n, c) if num_dims == 2 else (n, c, random.randint(2, 5), random.randint(2, 5))
    return [(torch.randn(shape) * random.uniform(0.5, 2) + random.uniform(-2, 2)).to(device) for _ in range(k)]


@exercise("BatchNorm")
@pytest.mark.parametrize("num_dims", [2, 4])
def test_batchnorm_training_then_evaluation(impl, device, num_dims):
    c = random.randint(2, 6)
    bn, what = _batchnorm(impl, c, num_dims)
    bn.to(device)
    expect(bn.moving_mean.device.type == device.type, f"after {what}.to({device.type!r}) moving_mean is on "
           f"{bn.moving_mean.device}: moving statistics left on the CPU; register them as buffers",
           f"{what}.to({device.type!r}) 之后 moving_mean 在 {bn.moving_mean.device} 上：移动统计量留在了 CPU 上；"
           "把它们注册为缓冲区")
    ref_bn = (nn.BatchNorm1d if num_dims == 2 else nn.BatchNorm2d)(c, eps=EPS, momentum=1 - MOMENTUM).to(device)
    batches = _batches(c, num_dims, device, random.randint(3, 5))
    var = torch.ones(c, dtype=torch.float64, device=device)
    for i, X in enumerate(batches):
        Y = bn(X)
        expect_tensor(Y.detach() if torch.is_tensor(Y) else Y, ref_bn(X).detach(),
                      f"{what}(X {fmt_shape(X.shape)}), training step {i + 1}", atol=1e-4, mistakes=[
                          Mistake(lambda a: isinstance(a, tuple), "forward returns only Y; keep the moving averages "
                                  "in self: Y, self.moving_mean, self.moving_var = batch_norm(...)",
                                  "forward 只返回 Y；移动平均存回 self：Y, self.moving_mean, self.moving_var = "
                                  "batch_norm(...)"),
                      ])
        var = MOMENTUM * var + (1 - MOMENTUM) * _stats(X, _dims(X))[1].flatten()
    steps = len(batches)
    expect_tensor(bn.moving_mean.reshape(c), ref_bn.running_mean, f"{what}.moving_mean after {steps} training steps",
                  mistakes=[
                      Mistake(lambda a: close(a, torch.zeros(c)), "it never moved: store what batch_norm returns, "
                              "Y, self.moving_mean, self.moving_var = batch_norm(...)",
                              "它一直没变：要把 batch_norm 的返回值存回去，Y, self.moving_mean, self.moving_var = "
                              "batch_norm(...)"),
                      Mistake(lambda a: close(a, _momentum_mean(batches, 0.1)), "that is momentum=0.1, PyTorch's "
                              "convention (nn.BatchNorm2d(momentum=0.1) keeps 0.9 of the old value); in d2l's "
                              "convention pass momentum=0.9", "那是 PyTorch 约定的 momentum=0.1"
                              "（nn.BatchNorm2d(momentum=0.1) 保留 0.9 倍旧值）；按 d2l 的约定要传 momentum=0.9"),
                  ])
    expect_tensor(bn.moving_var.reshape(c), var.float(), f"{what}.moving_var after {steps} training steps")
    X = _batches(c, num_dims, device, 1)[0]
    ref_bn.running_var.copy_(var)  # d2l's biased variance, not nn.BatchNorm's unbiased one
    ref_bn.eval()
    with torch.no_grad():
        Y = bn(X)
        expect_tensor(Y, ref_bn(X), f"{what}(X {fmt_shape(X.shape)}) under torch.no_grad() (evaluation)", atol=1e-4)
    expect_tensor(bn.moving_mean.reshape(c), ref_bn.running_mean, f"{what}.moving_mean after an evaluation step")


def _momentum_mean(batches, momentum):
    mean = torch.zeros(batches[0].shape[1], dtype=torch.float64, device=batches[0].device)
    for X in batches:
        mean = momentum * mean + (1 - momentum) * _stats(X, _dims(X))[0].flatten()
    return mean


@exercise("BatchNorm")
@pytest.mark.parametrize("num_dims", [2, 4])
def test_batchnorm_gradients_reach_gamma_and_beta(impl, num_dims):
    c = random.randint(2, 6)
    bn, what = _batchnorm(impl, c, num_dims)
    X = _batches(c, num_dims, "cpu", 1)[0]
    ref_bn = (nn.BatchNorm1d if num_dims == 2 else nn.BatchNorm2d)(c, eps=EPS, momentum=1 - MOMENTUM)
    R = torch.randn(X.shape)
    (bn(X) * R).sum().backward()
    (ref_bn(X) * R).sum().backward()
    for name, p, expected in (("gamma", bn.gamma, ref_bn.weight.grad), ("beta", bn.beta, ref_bn.bias.grad)):
        expect(p.grad is not None, f"{what}.{name}.grad is None after backward: use self.{name} itself in forward",
               f"反向传播之后 {what}.{name}.grad 是 None：forward 里要直接用 self.{name}")
        expect_tensor(p.grad.reshape(c), expected, f"{what}.{name}.grad after backward")


# --- bn_lenet --------------------------------------------------------------------------------


def _lenet_mistakes():
    def bn_after_sigmoid(got):
        return any(a == "Sigmoid()" and b.startswith("BatchNorm") for a, b in zip(got, got[1:], strict=False))

    def wrong_num_dims(got):
        four = [(a.startswith("Conv2d"), ", 1, 1)" in b) for a, b in zip(got, got[1:], strict=False)
                if b.startswith("BatchNorm(")]
        return any(conv != four_d for conv, four_d in four)

    return [
        Mistake(lambda got: any(g.startswith(("BatchNorm1d", "BatchNorm2d")) for g in got), "use the BatchNorm you "
                "wrote, BatchNorm(6, num_dims=4), not nn.BatchNorm2d/1d (that is d2l's concise version)",
                "要用你自己写的 BatchNorm(6, num_dims=4)，不是 nn.BatchNorm2d/1d（那是 d2l 的简洁实现）"),
        Mistake(bn_after_sigmoid, "batch norm goes between each Conv2d or Linear and its sigmoid, not after the "
                "sigmoid", "批量规范化层放在每个 Conv2d 或 Linear 与其 sigmoid 之间，而不是 sigmoid 之后"),
        Mistake(wrong_num_dims, "num_dims=4 after a Conv2d (per channel), num_dims=2 after a Linear (per feature)",
                "Conv2d 之后用 num_dims=4（每个通道），Linear 之后用 num_dims=2（每个特征）"),
        Mistake(lambda got: "ReLU()" in got, "d2l's LeNet keeps its sigmoids: nn.Sigmoid(), not ReLU",
                "d2l 的 LeNet 仍然用 sigmoid：nn.Sigmoid()，不是 ReLU"),
        Mistake(lambda got: any(g.startswith("MaxPool2d") for g in got), "LeNet pools with "
                "nn.AvgPool2d(kernel_size=2, stride=2)", "LeNet 用 nn.AvgPool2d(kernel_size=2, stride=2) 汇聚"),
        Mistake(lambda got: got[-1].startswith("BatchNorm"), "no batch norm after the last Linear: its outputs are "
                "the scores", "最后一个 Linear 之后不加批量规范化：它的输出就是分数"),
    ]


@exercise("bn_lenet")
def test_bn_lenet_layers(impl, ref):
    net = impl.bn_lenet()
    expected = ref.bn_lenet()
    nc.expect_layers(net, expected, "bn_lenet()", mistakes=_lenet_mistakes())
    nc.expect_param_count(net, expected, "bn_lenet()")
    nc.expect_new_each_call(impl.bn_lenet, what="bn_lenet()")
    X = torch.rand(random.randint(1, 6), 1, 28, 28)
    out = net(X)
    expect(tuple(out.shape) == (len(X), 10), f"bn_lenet() maps {fmt_shape(X.shape)} to {fmt_shape(out.shape)}, "
           f"expected ({len(X)}, 10)", f"bn_lenet() 把 {fmt_shape(X.shape)} 映射成了 {fmt_shape(out.shape)}，"
           f"应为 ({len(X)}, 10)")


@exercise("bn_lenet")
@pytest.mark.timeout(120)
@pytest.mark.real_devices
def test_bn_lenet_trains(impl, device, fashion_mnist):
    run = CUDA_RUN if device.type == "cuda" else CPU_RUN
    train_X, train_y, test_X, test_y = training_subset(fashion_mnist, device, run)
    torch.manual_seed(training_seed())  # the initial weights and the shuffling: the same run every time
    net = impl.bn_lenet()
    nc.expect_module(net, "bn_lenet()")
    net.to(device)
    train_bn_lenet(net, train_X, train_y, run["lrs"], run["batch"])
    acc = accuracy(net, test_X, test_y)
    expect(clears(acc, run["bar"]), f"bn_lenet() trained on {len(train_X)} images (SGD, batch {run['batch']}, learning "
           f"rates {run['lrs']} per epoch) scores {acc:.3f} on {len(test_X)} test images; d2l's clears {run['bar']}",
           f"bn_lenet() 在 {len(train_X)} 张图像上训练（SGD，批量 {run['batch']}，每轮学习率 {run['lrs']}）后，"
           f"在 {len(test_X)} 张测试图像上的准确率为 {acc:.3f}；d2l 的可以超过 {run['bar']}")
