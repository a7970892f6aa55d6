"""Graded tests for d2l 4.2, multilayer perceptrons from scratch."""

import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.testkit import inplace_on_leaf

exercise = pytest.mark.exercise

# Three epochs at batch 256 with the learning rate cut for the last one: a correct MLP reaches
# 0.845-0.85 test accuracy on every seed tried, so 0.82 leaves a margin. Constant-rate SGD's last
# iterate wobbles by +-0.03 from epoch to epoch, which would need far more epochs to clear reliably.
LRS, BATCH, TARGET = (0.5, 0.5, 0.05), 256, 0.82


def train_and_evaluate(fashion_mnist, device, forward, step):
    """Train with minibatches of the whole training set, one learning rate per epoch; return test accuracy.

    forward(X) gives logits; step(lr, batch_size) updates the parameters after backward on the batch sum.
    """
    train_X, train_y, test_X, test_y = (t.to(device) for t in fashion_mnist)
    loss = nn.CrossEntropyLoss(reduction="none")
    for lr in LRS:
        order = torch.randperm(len(train_X), device=device)
        for i in range(0, len(order), BATCH):
            j = order[i : i + BATCH]
            loss(forward(train_X[j]), train_y[j]).sum().backward()
            step(lr, len(j))
    with torch.no_grad():
        correct = sum(int((forward(test_X[i : i + 2500]).argmax(1) == test_y[i : i + 2500]).sum())
                      for i in range(0, len(test_X), 2500))
    return correct / len(test_X)


# --- relu ------------------------------------------------------------------------------------


@exercise("relu")
def test_relu_values_and_input_untouched(impl, device):
    X = torch.randn(random.randint(1, 6), random.randint(1, 7), device=device)
    before = X.clone()
    out = impl.relu(X)
    if not torch.equal(X, before):
        fail("relu in place: relu changed its input X (X[X < 0] = 0, clamp_ or relu_); return a new tensor, "
             "torch.max(X, torch.zeros_like(X))",
             "relu 原地修改了输入 X（X[X < 0] = 0、clamp_ 或 relu_）：请返回新张量 torch.max(X, torch.zeros_like(X))")
    expect_tensor(out, before.clamp(min=0), f"relu(X {fmt_shape(X.shape)})", mistakes=[
        Mistake(lambda a: close(a, before.clamp(max=0)), "that is min(X, 0): keep the positive part, max(X, 0)",
                "这是 min(X, 0)：应保留正的部分 max(X, 0)"),
    ])


@exercise("relu")
def test_relu_gradient(impl):
    X = torch.randn(random.randint(2, 9), random.randint(2, 9), requires_grad=True)
    out = impl.relu(X)
    expect(out.requires_grad, "relu's output has no grad_fn: compute it from X, not X.data or X.detach()",
           "relu 的输出没有 grad_fn：请直接由 X 计算，不要用 X.data 或 X.detach()")
    out.sum().backward()
    expect_tensor(X.grad, (X.detach() > 0).float(), "the gradient of relu(X).sum()")


# --- init_params -----------------------------------------------------------------------------


@exercise("mlp_init_params")
def test_init_params_defaults(impl):
    params = impl.init_params()
    shapes = [tuple(p.shape) for p in params] if isinstance(params, (list, tuple)) else None
    expect(shapes == [(784, 256), (256,), (256, 10), (10,)],
           f"init_params() should return [W1, b1, W2, b2] of shapes (784, 256), (256,), (256, 10), (10,); got {shapes}",
           f"init_params() 应返回形状为 (784, 256)、(256,)、(256, 10)、(10,) 的 [W1, b1, W2, b2]；实际为 {shapes}")


@exercise("mlp_init_params")
def test_init_params_distribution(impl):
    n_in, n_h, n_out = random.randint(300, 800), random.randint(100, 300), random.randint(100, 200)
    params = impl.init_params(n_in, n_h, n_out)
    expect(isinstance(params, (list, tuple)) and len(params) == 4, "init_params should return [W1, b1, W2, b2]",
           "init_params 应返回 [W1, b1, W2, b2]")
    want = {"W1": (n_in, n_h), "b1": (n_h,), "W2": (n_h, n_out), "b2": (n_out,)}
    for p, (name, shape) in zip(params, want.items(), strict=True):
        expect(torch.is_tensor(p) and tuple(p.shape) == shape,
               f"init_params({n_in}, {n_h}, {n_out}): {name} should have shape {shape}, got {tuple(p.shape)}",
               f"init_params({n_in}, {n_h}, {n_out})：{name} 的形状应为 {shape}，实际为 {tuple(p.shape)}")
        expect(p.requires_grad and p.is_leaf,
               f"{name} should be a trainable leaf: nn.Parameter(torch.randn(...) * 0.01) (a tensor made with "
               "requires_grad=True and then multiplied is no leaf, and gets no .grad)",
               f"{name} 应是可训练的叶子张量：nn.Parameter(torch.randn(...) * 0.01)"
               "（先 requires_grad=True 再相乘得到的不是叶子，不会有 .grad）")
    for name, w in (("W1", params[0]), ("W2", params[2])):
        std = float(w.detach().std())
        if std == 0:
            fail(f"{name} is all zeros: then every hidden unit computes the same thing and they never differ; "
                 "draw it with torch.randn(...) * 0.01",
                 f"{name} 全为零：所有隐藏单元计算相同，永远无法区分；请用 torch.randn(...) * 0.01")
        expect(abs(std - 0.01) < 0.001 and abs(float(w.detach().mean())) < 0.001,
               f"{name}'s std is {std:.4g}, expected 0.01: torch.randn(...) * 0.01",
               f"{name} 的标准差为 {std:.4g}，应为 0.01：torch.randn(...) * 0.01")
    for name, b in (("b1", params[1]), ("b2", params[3])):
        expect(not b.detach().any(), f"{name} should start at zero", f"{name} 的初值应为零")


# --- net -------------------------------------------------------------------------------------


@exercise("mlp_net")
def test_net_forward(impl, ref, device):
    c, h, w = random.randint(1, 3), random.randint(2, 6), random.randint(2, 6)
    n_h, n_out = random.randint(3, 20), random.randint(2, 10)
    params = [p.to(device).detach().requires_grad_() for p in ref.init_params(c * h * w, n_h, n_out)]
    with torch.no_grad():
        for p in params:
            p.normal_()  # O(1) values: small ones would hide a missing relu or bias
    X = torch.randn(random.randint(1, 8), c, h, w, device=device)
    out = impl.net(X, params)
    W1, b1, W2, b2 = (p.detach() for p in params)
    rows = X.reshape(len(X), -1)
    expect_tensor(out, torch.relu(rows @ W1 + b1) @ W2 + b2, f"net(X {fmt_shape(X.shape)}, params)",
                  requires_grad=True, atol=1e-4, mistakes=[
                      Mistake(lambda a: close(a, (rows @ W1 + b1) @ W2 + b2, atol=1e-4),
                              "the hidden layer has no relu: H = relu(X @ W1 + b1)",
                              "隐藏层少了 relu：H = relu(X @ W1 + b1)"),
                      Mistake(lambda a: close(a, torch.softmax(torch.relu(rows @ W1 + b1) @ W2 + b2, 1), atol=1e-4),
                              "return the logits H @ W2 + b2, no softmax: nn.CrossEntropyLoss applies it",
                              "返回 logits H @ W2 + b2，不要 softmax：nn.CrossEntropyLoss 会处理"),
                  ])
    out.sum().backward()
    expect(all(p.grad is not None for p in params), "backward through net did not reach every parameter",
           "经过 net 的反向传播没有到达所有参数")


@exercise("mlp_net")
@pytest.mark.timeout(120)
def test_net_trains_on_fashion_mnist(impl, ref, device, fashion_mnist):
    params = [p.to(device).detach().requires_grad_() for p in ref.init_params()]
    acc = train_and_evaluate(fashion_mnist, device, lambda X: impl.net(X, params),
                             lambda lr, n: ref.sgd(params, lr, n))
    expect(acc >= TARGET,
           f"after {len(LRS)} epochs of SGD (batch {BATCH}, lr {LRS}) net reaches {acc:.3f} test accuracy; a correct "
           f"MLP reaches about 0.85 (needed: {TARGET})",
           f"用 SGD 训练 {len(LRS)} 轮（批量 {BATCH}，学习率 {LRS}）后 net 的测试准确率为 {acc:.3f}；"
           f"正确的多层感知机约为 0.85（至少 {TARGET}）")


# --- sgd -------------------------------------------------------------------------------------


@exercise("mlp_sgd")
def test_sgd_updates_in_place(impl, device):
    params = [torch.randn(random.randint(1, 6), random.randint(1, 5), device=device, requires_grad=True)
              for _ in range(random.randint(2, 4))]
    for p in params:
        p.grad = torch.randn_like(p)
    lr, batch_size = random.uniform(0.01, 0.5), random.randint(2, 300)
    before = [(p.detach().clone(), p.grad.clone(), p.data_ptr()) for p in params]
    try:
        impl.sgd(params, lr, batch_size)
    except RuntimeError as e:
        if inplace_on_leaf(e):
            fail("sgd changed a parameter in place while autograd was recording: wrap it in `with torch.no_grad():`",
                 "sgd 在自动求导记录时原地修改了参数：放进 `with torch.no_grad():`")
        raise
    for i, (p, (old, g, ptr)) in enumerate(zip(params, before, strict=True)):
        expect_tensor(p.detach(), old - lr * g / batch_size, f"params[{i}] after sgd(params, {lr:.3g}, {batch_size})",
                      mistakes=[
                          Mistake(lambda a, old=old: torch.equal(a, old),
                                  "the caller's tensor is unchanged: `param = param - ...` rebinds a local name; "
                                  "update in place with `param -= ...`",
                                  "调用者的张量没变：`param = param - ...` 只是重新绑定了局部变量；"
                                  "请用 `param -= ...` 原地更新"),
                          Mistake(lambda a, old=old, g=g: close(a, old - lr * g), "divide the gradient by batch_size",
                                  "梯度要除以 batch_size"),
                      ])
        expect(p.data_ptr() == ptr, f"params[{i}] got new memory: update it in place (param -= ...)",
               f"params[{i}] 换了一块内存：请原地更新（param -= ...）")
        expect(p.grad is None or not p.grad.any(), f"params[{i}].grad was not zeroed: param.grad.zero_()",
               f"params[{i}].grad 没有清零：param.grad.zero_()")
