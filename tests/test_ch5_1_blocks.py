"""Graded tests for d2l 5.1, layers and blocks."""

import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.testkit import build

exercise = pytest.mark.exercise


def _linear(m, what, n_in, n_out):
    __tracebackhide__ = True
    expect(isinstance(m, nn.Linear) and (m.in_features, m.out_features) == (n_in, n_out),
           f"{what} should be nn.Linear({n_in}, {n_out}), got {m!r}",
           f"{what} 应为 nn.Linear({n_in}, {n_out})，实际为 {m!r}")


# --- MLP -------------------------------------------------------------------------------------


@exercise("MLP")
def test_mlp_layers_are_registered(impl):
    net = build(impl.MLP)
    _linear(getattr(net, "hidden", None), "MLP().hidden", 20, 256)
    _linear(getattr(net, "out", None), "MLP().out", 256, 10)
    keys = sorted(net.state_dict())
    expect(keys == ["hidden.bias", "hidden.weight", "out.bias", "out.weight"],
           f"MLP().state_dict() has keys {keys}: only hidden.weight, hidden.bias, out.weight, out.bias",
           f"MLP().state_dict() 的键是 {keys}：应只有 hidden 和 out 的 weight、bias")


@exercise("MLP")
def test_mlp_forward(impl, device):
    net = build(impl.MLP).to(device)
    X = torch.randn(random.randint(1, 9), 20, device=device)
    out = net(X)
    with torch.no_grad():
        H = net.hidden(X)
        expected = net.out(torch.relu(H))
    expect_tensor(out.detach() if torch.is_tensor(out) else out, expected, f"MLP()(X {fmt_shape(X.shape)})",
                  mistakes=[Mistake(lambda a: close(a, net.out(H).detach()),
                                    "the ReLU between hidden and out is missing: out(F.relu(hidden(X)))",
                                    "hidden 和 out 之间少了 ReLU：out(F.relu(hidden(X)))")])


# --- MySequential ----------------------------------------------------------------------------


def _blocks():
    a, b, c = (random.randint(2, 7) for _ in range(3))
    return [nn.Linear(a, b), nn.ReLU(), nn.Linear(b, c), nn.Tanh(), nn.Linear(c, random.randint(2, 5))], a


@exercise("MySequential")
def test_mysequential_registers_its_blocks(impl):
    blocks, _ = _blocks()
    net = build(impl.MySequential, *blocks)
    params = list(net.parameters())
    expected = [p for b in blocks for p in b.parameters()]
    if not params:
        fail("MySequential(*blocks).parameters() is empty: the blocks were kept in a plain list (or tuple), "
             "which nn.Module does not see; store each in self._modules[str(idx)]",
             "MySequential(*blocks).parameters() 是空的：块被放进了普通的 list（或 tuple），nn.Module 看不到；"
             "请存进 self._modules[str(idx)]")
    expect(len(params) == len(expected) and all(p is q for p, q in zip(params, expected, strict=False)),
           f"MySequential(*blocks).parameters() gave {len(params)} tensors, expected the blocks' own {len(expected)} "
           "parameters, in order (register the blocks themselves, not copies)",
           f"MySequential(*blocks).parameters() 给出 {len(params)} 个张量，"
           f"应是各块自己的 {len(expected)} 个参数且按顺序"
           "（注册块本身，不要复制）")
    keys, want = list(net.state_dict()), list(nn.Sequential(*blocks).state_dict())
    expect(keys == want, f"MySequential's state_dict keys are {keys}, expected {want} as in nn.Sequential: "
           "register block idx under the name str(idx)",
           f"MySequential 的 state_dict 键是 {keys}，应与 nn.Sequential 一样为 {want}：第 idx 块用名字 str(idx) 注册")


@exercise("MySequential")
def test_mysequential_runs_blocks_in_order(impl, device):
    blocks, d = _blocks()
    net = build(impl.MySequential, *blocks).to(device)
    X = torch.randn(random.randint(1, 6), d, device=device)
    with torch.no_grad():
        expected = nn.Sequential(*blocks)(X)
        try:
            out = net(X)
        except RuntimeError as e:
            fail(f"MySequential(*blocks)(X {fmt_shape(X.shape)}) raised {str(e)[:80]!r}: feed X through the blocks "
                 "one after another, in the order given",
                 f"MySequential(*blocks)(X {fmt_shape(X.shape)}) 出错：{str(e)[:80]!r}；要按给定顺序依次经过各块")
    expect_tensor(out, expected, f"MySequential(*blocks)(X {fmt_shape(X.shape)})",
                  mistakes=[Mistake(lambda a: a is None, "forward must return the final X", "forward 要返回最后的 X")])


# --- FixedHiddenMLP --------------------------------------------------------------------------


@exercise("FixedHiddenMLP")
def test_fixed_hidden_mlp_constant_and_shared_layer(impl):
    net = build(impl.FixedHiddenMLP)
    w = getattr(net, "rand_weight", None)
    expect(torch.is_tensor(w) and w.shape == (20, 20),
           f"FixedHiddenMLP().rand_weight should be a (20, 20) tensor, got {w!r:.60}",
           f"FixedHiddenMLP().rand_weight 应是 (20, 20) 的张量，实际为 {w!r:.60}")
    params = list(net.parameters())
    if any(p is w for p in params) or w.requires_grad:
        fail("rand_weight is trainable (an nn.Parameter or requires_grad=True): it is a constant, "
             "torch.rand((20, 20), requires_grad=False), that training must never change",
             "rand_weight 是可训练的（nn.Parameter 或 requires_grad=True）：它是常量，"
             "torch.rand((20, 20), requires_grad=False)，训练不能改变它")
    expect(bool(((w >= 0) & (w < 1)).all()) and float(w.std()) > 0.1,
           "rand_weight should be uniform in [0, 1): torch.rand((20, 20))",
           "rand_weight 应服从 [0, 1) 均匀分布：torch.rand((20, 20))")
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)]
    if len(linears) > 1:
        fail(f"FixedHiddenMLP has {len(linears)} Linear layers: two Linear layers instead of one shared; "
             "use the one self.linear twice in forward, so both uses share its parameters",
             f"FixedHiddenMLP 有 {len(linears)} 个 Linear 层：应只有一个共享的层，在 forward 里把 self.linear 用两次")
    _linear(getattr(net, "linear", None), "FixedHiddenMLP().linear", 20, 20)
    expect(len(params) == 2, f"FixedHiddenMLP has {len(params)} parameters, expected linear's weight and bias",
           f"FixedHiddenMLP 有 {len(params)} 个参数，应只有 linear 的 weight 和 bias")


@exercise("FixedHiddenMLP")
def test_fixed_hidden_mlp_forward(impl):
    net = build(impl.FixedHiddenMLP)
    X = torch.rand(random.randint(2, 8), 20) * random.uniform(1, 5)
    with torch.no_grad():
        H = net.linear(torch.relu(net.linear(X) @ net.rand_weight + 1))
        before = H.clone()
        while H.abs().sum() > 1:
            H /= 2
        expected = H.sum()
    out = net(X)
    expect_tensor(out, expected, f"FixedHiddenMLP()(X {fmt_shape(X.shape)})", dtype=False, mistakes=[
        Mistake(lambda a: a.shape == X.shape, "return X.sum(), a scalar", "要返回标量 X.sum()"),
        Mistake(lambda a: close(a, before.sum()), "halve X while X.abs().sum() > 1 before summing",
                "求和前要在 X.abs().sum() > 1 时不断把 X 减半"),
    ])
    out.backward()
    expect(net.linear.weight.grad is not None, "FixedHiddenMLP's output does not reach linear.weight's gradient",
           "FixedHiddenMLP 的输出没有把梯度传到 linear.weight")
    expect(net.rand_weight.grad is None, "rand_weight got a gradient: it must be a constant",
           "rand_weight 得到了梯度：它应是常量")


# --- NestMLP ---------------------------------------------------------------------------------


@exercise("NestMLP")
def test_nest_mlp(impl, device):
    net = build(impl.NestMLP)
    seq = getattr(net, "net", None)
    expect(isinstance(seq, nn.Sequential) and len(seq) == 4,
           f"NestMLP().net should be nn.Sequential(Linear(20, 64), ReLU(), Linear(64, 32), ReLU()), got {seq!r}",
           f"NestMLP().net 应为 nn.Sequential(Linear(20, 64), ReLU(), Linear(64, 32), ReLU())，实际为 {seq!r}")
    _linear(seq[0], "NestMLP().net[0]", 20, 64)
    _linear(seq[2], "NestMLP().net[2]", 64, 32)
    expect(isinstance(seq[1], nn.ReLU) and isinstance(seq[3], nn.ReLU),
           "NestMLP().net[1] and net[3] should be nn.ReLU()",
           "NestMLP().net[1] 和 net[3] 应为 nn.ReLU()")
    _linear(getattr(net, "linear", None), "NestMLP().linear", 32, 16)
    net.to(device)
    X = torch.randn(random.randint(1, 6), 20, device=device)
    with torch.no_grad():
        expect_tensor(net(X), net.linear(seq(X)), f"NestMLP()(X {fmt_shape(X.shape)})")


# --- chimera ---------------------------------------------------------------------------------


@exercise("chimera")
def test_chimera(impl, ref):
    net = impl.chimera()
    expect(isinstance(net, nn.Sequential) and len(net) == 3,
           f"chimera() should return an nn.Sequential of 3 blocks, got {type(net).__name__}",
           f"chimera() 应返回由 3 个块组成的 nn.Sequential，实际为 {type(net).__name__}")
    expect(type(net[0]).__name__ == "NestMLP" and type(net[2]).__name__ == "FixedHiddenMLP",
           f"chimera()'s blocks are {[type(m).__name__ for m in net]}: NestMLP(), nn.Linear(16, 20), FixedHiddenMLP()",
           f"chimera() 的块是 {[type(m).__name__ for m in net]}：应为 NestMLP()、nn.Linear(16, 20)、FixedHiddenMLP()")
    _linear(net[1], "chimera()[1]", 16, 20)
    expect(impl.chimera() is not net and impl.chimera()[1] is not net[1],
           "chimera() returned the same network twice: build a new one on every call",
           "chimera() 两次返回了同一个网络：每次调用都要新建")
    out = net(torch.rand(random.randint(2, 6), 20))
    expect(torch.is_tensor(out) and out.dim() == 0, "chimera()(X) should be a scalar", "chimera()(X) 应是标量")
