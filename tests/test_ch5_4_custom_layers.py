"""Graded tests for d2l 5.4, custom layers."""

import random

import pytest
import torch
from torch import nn
from torch.func import functional_call

from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.testkit import build, call, inplace_on_leaf, not_drawn_from

exercise = pytest.mark.exercise


# --- CenteredLayer ---------------------------------------------------------------------------


def _centered_mistakes(X):
    return [
        Mistake(lambda a: close(a, X - X.mean(dim=0)), "CenteredLayer per column: X.mean(dim=0) centres each column; "
                "subtract the mean of ALL entries, X.mean()",
                "按列求了均值：X.mean(dim=0) 是逐列居中；应减去所有元素的均值 X.mean()"),
        Mistake(lambda a: close(a, X - X.mean(dim=-1, keepdim=True)), "centred per row: subtract X.mean(), one number",
                "按行求了均值：应减去一个数 X.mean()"),
        Mistake(lambda a: close(a, X.mean() - X), "return X - X.mean(), not X.mean() - X: the sign is flipped",
                "要返回 X - X.mean()，而不是 X.mean() - X：符号反了"),
        Mistake(lambda a: close(a, X - X.sum() / len(X)),
                "subtract X.mean(): X.sum() / len(X) divides by the number of rows, not of entries",
                "要减去 X.mean()：X.sum() / len(X) 除的是行数，而不是元素个数"),
    ]


IN_PLACE = Mistake(inplace_on_leaf,
                   "return a new tensor, X - X.mean(): CenteredLayer changed its input X in place",
                   "请返回新张量 X - X.mean()：CenteredLayer 原地修改了输入 X")


@exercise("CenteredLayer")
def test_centered_layer(impl, device):
    layer = build(impl.CenteredLayer)
    expect(not list(layer.parameters()), "CenteredLayer should have no parameters", "CenteredLayer 不应有参数")
    X = torch.randn(random.randint(2, 9), random.randint(2, 9), device=device) * 3 + torch.randn(1, device=device)
    before = X.clone()
    out = layer(X)
    expect(torch.equal(X, before), "return a new tensor, X - X.mean(): CenteredLayer changed its input X in place",
           "请返回新张量 X - X.mean()：CenteredLayer 原地修改了输入 X")
    expect_tensor(out, X - X.mean(), f"CenteredLayer()(X {fmt_shape(X.shape)})", mistakes=_centered_mistakes(X))


@exercise("CenteredLayer")
def test_centered_layer_gradcheck(impl):
    layer = build(impl.CenteredLayer)
    X = torch.randn(random.randint(2, 6), random.randint(2, 6), dtype=torch.float64, requires_grad=True)
    out = call("CenteredLayer()(X) for an X that requires grad", layer, X, mistakes=[IN_PLACE])
    expect_tensor(out.detach(), (X - X.mean()).detach(), "CenteredLayer()(X) in float64",
                  mistakes=_centered_mistakes(X.detach()))
    expect(out.requires_grad, "CenteredLayer's output has no grad_fn: don't go through .data or .detach()",
           "CenteredLayer 的输出没有 grad_fn：不要经过 .data 或 .detach()")
    v = torch.randn_like(X)
    (grad,) = torch.autograd.grad(out, X, v)
    if close(grad, v) and not close(grad, v - v.mean()):
        fail("subtract X.mean() itself: .item() (or .detach()) made the mean a constant, so the gradient through it "
             "is lost",
             "要减去 X.mean() 本身：.item()（或 .detach()）把均值变成了常数，经过它的梯度就丢了")
    expect(torch.autograd.gradcheck(layer, (X,), raise_exception=False),
           "CenteredLayer's gradient fails torch.autograd.gradcheck",
           "CenteredLayer 的梯度没有通过 gradcheck")


# --- MyLinear --------------------------------------------------------------------------------


def _mylinear(impl):
    n_in = random.randint(2, 8)
    n_out = random.choice([k for k in range(2, 9) if k != n_in])  # never square: a transposed weight shows
    layer = build(impl.MyLinear, n_in, n_out)
    w, b = getattr(layer, "weight", None), getattr(layer, "bias", None)
    if torch.is_tensor(w) and w.shape == (n_out, n_in) != (n_in, n_out):
        fail(f"make weight (in_units, units) = ({n_in}, {n_out}), as d2l's: it is ({n_out}, {n_in}), nn.Linear's "
             "layout; forward then computes X @ weight",
             f"weight 的形状应为 (in_units, units) = ({n_in}, {n_out})，与 d2l 一致：现在是 ({n_out}, {n_in})，"
             "这是 nn.Linear 的排法；forward 中计算 X @ weight")
    expect(torch.is_tensor(w) and torch.is_tensor(b) and w.shape == (n_in, n_out) and b.shape == (n_out,),
           f"MyLinear({n_in}, {n_out}) should have weight ({n_in}, {n_out}) and bias ({n_out},)",
           f"MyLinear({n_in}, {n_out}) 应有形状为 ({n_in}, {n_out}) 的 weight 和 ({n_out},) 的 bias")
    if not isinstance(w, nn.Parameter) or not isinstance(b, nn.Parameter):
        fail("MyLinear with plain tensors: weight and bias must be nn.Parameter, or parameters() and "
             "state_dict() never see them and no optimizer trains them",
             "MyLinear 用了普通张量：weight 和 bias 必须是 nn.Parameter，否则 parameters() 和 state_dict() "
             "看不到它们，优化器也不会训练它们")
    return layer, n_in, n_out


@exercise("MyLinear")
def test_mylinear_registers_its_parameters(impl):
    layer, n_in, n_out = _mylinear(impl)
    params = list(layer.parameters())
    expect(len(params) == 2 and params[0] is layer.weight and params[1] is layer.bias,
           "MyLinear.parameters() should be exactly [weight, bias]", "MyLinear.parameters() 应恰为 [weight, bias]")
    expect(sorted(layer.state_dict()) == ["bias", "weight"],
           f"MyLinear's state_dict keys are {sorted(layer.state_dict())}",
           f"MyLinear 的 state_dict 键是 {sorted(layer.state_dict())}")
    w = layer.weight.detach()
    if not w.any():
        fail("draw weight with torch.randn(in_units, units): it is all zeros, so every output unit computes the same",
             "用 torch.randn(in_units, units) 生成 weight：它全为零，每个输出单元的计算都一样")
    if n_in * n_out >= 16:
        if float(w.min()) >= 0:
            fail("draw weight with torch.randn (normal, mean 0): it has no negative entry (torch.rand, uniform on "
                 "[0, 1)? or zeros?)",
                 "用 torch.randn（正态分布，均值 0）生成 weight：它没有负数（用了 torch.rand 或全零？）")
        std = float(w.std())
        expect(0.3 < std < 2.5, f"draw weight with torch.randn: MyLinear's weight std is {std:.3g}",
               f"应用 torch.randn 生成 weight：MyLinear 的 weight 标准差为 {std:.3g}")
    why = not_drawn_from(w, "normal")  # +-1 with random signs had the right range and spread (red team I46); its
    expect(why is None, f"draw weight with torch.randn(in_units, units): MyLinear's weight has {why}",  # distinct
           f"应用 torch.randn(in_units, units) 生成 weight：MyLinear 的 weight 有{why}")  # values tell, at any size


@exercise("MyLinear")
def test_mylinear_forward_and_gradients(impl, device):
    layer, n_in, n_out = _mylinear(impl)
    layer.to(device)
    W, b = layer.weight.detach(), layer.bias.detach()
    X = torch.randn(random.randint(3, 9), n_in, device=device)
    for _ in range(100):  # some output below 0, so a missing relu shows (unless weight and bias are all 0)
        if (X @ W + b < 0).any():
            break
        X = torch.randn(X.shape, device=device)
    out = layer(X)
    lin = X @ W + b
    expect_tensor(out.detach() if torch.is_tensor(out) else out, torch.relu(lin), f"MyLinear(X {fmt_shape(X.shape)})",
                  mistakes=[Mistake(lambda a: close(a, lin), "MyLinear without relu: return F.relu(X @ weight + bias)",
                                    "MyLinear 少了 relu：return F.relu(X @ weight + bias)"),
                            Mistake(lambda a: close(a, torch.relu(X @ W)),
                                    "add the bias, F.relu(X @ weight + bias): it is missing",
                                    "要加上偏置：F.relu(X @ weight + bias)；这里漏了")])
    if not out.requires_grad:
        fail("MyLinear with .data: the output has no grad_fn, so backward never reaches weight and bias; "
             "use self.weight and self.bias themselves in forward",
             "MyLinear 用了 .data：输出没有 grad_fn，反向传播到不了 weight 和 bias；"
             "forward 里直接用 self.weight 和 self.bias")
    out.sum().backward()
    mask = (lin > 0).to(X.dtype)
    expect_tensor(layer.weight.grad, X.T @ mask, "MyLinear's weight.grad after out.sum().backward()")
    expect_tensor(layer.bias.grad, mask.sum(0), "MyLinear's bias.grad after out.sum().backward()")


@exercise("MyLinear")
def test_mylinear_gradcheck(impl):
    layer, n_in, _ = _mylinear(impl)
    layer.double()
    X = torch.randn(random.randint(2, 5), n_in, dtype=torch.float64, requires_grad=True)
    w = layer.weight.detach().clone().requires_grad_()
    b = layer.bias.detach().clone().requires_grad_()
    f = lambda X, w, b: functional_call(layer, {"weight": w, "bias": b}, (X,))
    if not f(X, w, b).requires_grad:
        fail("MyLinear with .data: its output does not depend on weight and bias for autograd",
             "MyLinear 用了 .data：对自动求导来说，输出不依赖于 weight 和 bias")
    expect(torch.autograd.gradcheck(f, (X, w, b), raise_exception=False),
           "MyLinear's gradients fail torch.autograd.gradcheck in float64",
           "MyLinear 的梯度在 float64 下没有通过 gradcheck")
