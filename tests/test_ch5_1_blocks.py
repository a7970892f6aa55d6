"""Graded tests for d2l 5.1, layers and blocks."""

import copy
import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.testkit import build, call, raised

exercise = pytest.mark.exercise


def _linear(m, what, n_in, n_out):
    __tracebackhide__ = True
    if m is None:
        attr = what.rsplit(".", 1)[-1]
        fail(f"create the layer once in __init__, self.{attr} = nn.Linear({n_in}, {n_out}): {what} does not exist "
             "(a layer made in forward is new on every call, and nn.Module never sees it)",
             f"在 __init__ 里创建一次这个层：self.{attr} = nn.Linear({n_in}, {n_out})；{what} 不存在"
             "（在 forward 里创建的层每次调用都是新的，nn.Module 也看不到它）")
    expect(isinstance(m, nn.Linear) and (m.in_features, m.out_features) == (n_in, n_out),
           f"{what} should be nn.Linear({n_in}, {n_out}), got {m!r}",
           f"{what} 应为 nn.Linear({n_in}, {n_out})，实际为 {m!r}")


# What a block's forward raises when an activation is built instead of applied.
FORWARD_ERRORS = [
    Mistake(raised(TypeError, "must be Tensor, not ReLU"),
            "apply the activation, F.relu(x) (or a layer object, nn.ReLU()(x)): nn.ReLU(x) builds a new layer "
            "instead of computing relu(x)",
            "要应用激活函数：F.relu(x)（或层对象 nn.ReLU()(x)）；nn.ReLU(x) 只是新建了一个层，并没有计算 relu(x)"),
]


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
    out = call(f"MLP()(X {fmt_shape(X.shape)})", net, X, mistakes=FORWARD_ERRORS)
    with torch.no_grad():
        H = net.hidden(X)
        expected = net.out(torch.relu(H))
    expect_tensor(out.detach() if torch.is_tensor(out) else out, expected, f"MLP()(X {fmt_shape(X.shape)})",
                  mistakes=[Mistake(lambda a: close(a, net.out(H).detach()),
                                    "the ReLU between hidden and out is missing: out(F.relu(hidden(X)))",
                                    "hidden 和 out 之间少了 ReLU：out(F.relu(hidden(X)))"),
                            Mistake(lambda a: close(a, torch.relu(expected)),
                                    "return out(F.relu(hidden(X))) without a final relu: the output layer gives "
                                    "logits, negative ones too",
                                    "返回 out(F.relu(hidden(X)))，最后不要再 relu：输出层给出的是 logits，也可以为负")])


# --- MySequential ----------------------------------------------------------------------------


def _blocks():
    a, b, c = (random.randint(2, 7) for _ in range(3))
    return [nn.Linear(a, b), nn.ReLU(), nn.Linear(b, c), nn.Tanh(), nn.Linear(c, random.randint(2, 5))], a


@exercise("MySequential")
def test_mysequential_registers_its_blocks(impl):
    blocks, _ = _blocks()
    net = build(impl.MySequential, *blocks)
    params = call("MySequential(*blocks).parameters()", lambda: list(net.parameters()), mistakes=[
        Mistake(raised(TypeError, 'can only concatenate str (not "int")'),
                "register each block under a string name, self._modules[str(idx)] = module: nn.Module joins the "
                "names into keys such as '0.weight', and idx is an int",
                "每个块要用字符串名字注册：self._modules[str(idx)] = module；"
                "nn.Module 会把名字拼成 '0.weight' 这样的键，而 idx 是整数"),
    ])
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
    what = f"MySequential(*blocks)(X {fmt_shape(X.shape)})"
    with torch.no_grad():
        expected = nn.Sequential(*blocks)(X)
        first = blocks[0](X)
        out = call(what, net, X, mistakes=[
            Mistake(raised(TypeError, "'str' object is not callable"),
                    "run the blocks themselves, for block in self._modules.values(): iterating self._modules gives "
                    "their names",
                    "要执行块本身：for block in self._modules.values()；直接遍历 self._modules 得到的是名字"),
            Mistake(lambda e: isinstance(e, RuntimeError),
                    "feed X through the blocks one after another, in the order given, X = block(X)",
                    "要按给定顺序让 X 依次经过各块：X = block(X)"),
        ])
    expect_tensor(out, expected, what, mistakes=[
        Mistake(lambda a: a is None, "return the final X: forward returned None",
                "要返回最后的 X：forward 返回了 None"),
        Mistake(lambda a: close(a, X),
                "feed each block's result on, X = block(X): X came back unchanged, as if block(X) were thrown away",
                "要把每个块的结果传下去：X = block(X)；X 原样返回了，好像 block(X) 的结果被丢掉了"),
        Mistake(lambda a: close(a, first),
                "return after the for loop: only the first block ran (a return inside the loop?)",
                "要在 for 循环之后 return：只执行了第一个块（return 写在了循环里？）"),
    ])


# --- FixedHiddenMLP --------------------------------------------------------------------------


@exercise("FixedHiddenMLP")
def test_fixed_hidden_mlp_constant_and_shared_layer(impl):
    net = build(impl.FixedHiddenMLP)
    w = getattr(net, "rand_weight", None)
    if w is None:
        fail("create the constant once in __init__, self.rand_weight = torch.rand((20, 20), requires_grad=False): "
             "FixedHiddenMLP() has no rand_weight (one made in forward would be new on every call)",
             "在 __init__ 里创建一次这个常量：self.rand_weight = torch.rand((20, 20), requires_grad=False)；"
             "FixedHiddenMLP() 没有 rand_weight（在 forward 里创建的话每次调用都不同）")
    expect(torch.is_tensor(w) and w.shape == (20, 20),
           f"FixedHiddenMLP().rand_weight should be a (20, 20) tensor, got {w!r:.60}",
           f"FixedHiddenMLP().rand_weight 应是 (20, 20) 的张量，实际为 {w!r:.60}")
    params = list(net.parameters())
    if any(p is w for p in params) or w.requires_grad:
        fail("rand_weight is trainable (an nn.Parameter or requires_grad=True): it is a constant, "
             "torch.rand((20, 20), requires_grad=False), that training must never change",
             "rand_weight 是可训练的（nn.Parameter 或 requires_grad=True）：它是常量，"
             "torch.rand((20, 20), requires_grad=False)，训练不能改变它")
    if float(w.min()) < 0:
        fail("draw rand_weight with torch.rand((20, 20)), uniform on [0, 1): it has negative entries (torch.randn?)",
             "用 torch.rand((20, 20)) 生成 rand_weight（[0, 1) 上均匀分布）：它有负数（用了 torch.randn？）")
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


def _halved(H, once=False):
    """d2l's loop: halve H while its absolute sum exceeds 1 (only once, for an if instead of a while)."""
    H = H.clone()
    while H.abs().sum() > 1:
        H /= 2
        if once:
            break
    return H


def _forward_mistakes(net, X):
    """d2l's net(X), and what each step a learner leaves out or changes gives instead, with its name."""
    with torch.no_grad():
        H1 = net.linear(X)
        hidden = lambda plus: torch.relu(H1 @ net.rand_weight + plus)  # noqa: E731
        H = net.linear(hidden(1))
    return _halved(H).sum(), [
        (H.sum(), "halve X while X.abs().sum() > 1 before summing (the absolute values: the sum itself may be "
                  "negative)",
         "求和前要在 X.abs().sum() > 1 时不断把 X 减半（用绝对值：和本身可能是负数）"),
        (_halved(H, once=True).sum(),
         "halve X in a while loop, not an if: one halving is not enough to bring X.abs().sum() to 1",
         "要用 while 循环减半，而不是 if：减半一次不足以让 X.abs().sum() 降到 1"),
        (_halved(net.linear(hidden(0))).sum(),
         "add 1 after the product with the constant: F.relu(torch.mm(X, self.rand_weight) + 1)",
         "与常量相乘之后要加 1：F.relu(torch.mm(X, self.rand_weight) + 1)"),
        (_halved(hidden(1)).sum(), "apply self.linear a second time after the relu: d2l's block reuses the one layer",
         "relu 之后要再用一次 self.linear：d2l 的块把同一个层用了两次"),
    ]


def _telling_input(net):
    """An X on which every mistake _forward_mistakes names gives another output than d2l's, so each is caught
    and named on every seed (a forgotten + 1 vanishes when every product is below -1: relu zeroes both)."""
    for _ in range(50):
        X = torch.rand(random.randint(2, 8), 20) * random.uniform(1, 5)
        right, wrong = _forward_mistakes(net, X)
        if not any(close(w, right) for w, _, _ in wrong):
            return X
    return X


def _check_fixed_hidden_forward(net, X, what):
    """net(X) against d2l's computation, naming the step a learner left out or changed; returns net(X)."""
    __tracebackhide__ = True
    right, wrong = _forward_mistakes(net, X)
    out = call(what, net, X, mistakes=FORWARD_ERRORS)
    expect_tensor(out.detach() if torch.is_tensor(out) else out, right, what, dtype=False, mistakes=[
        Mistake(lambda a: a.shape == X.shape, "return X.sum(), a scalar", "要返回标量 X.sum()"),
        *[Mistake(lambda a, w=w: close(a, w), en, zh) for w, en, zh in wrong]])
    return out


@exercise("FixedHiddenMLP")
def test_fixed_hidden_mlp_forward(impl):
    net = build(impl.FixedHiddenMLP)
    X = _telling_input(net)
    # First with linear's weight and bias negative: X's sum is then negative, and a loop on X.sum() (no abs)
    # would not run at all, whatever the seed.
    negative = copy.deepcopy(net)
    with torch.no_grad():
        negative.linear.weight.copy_(-negative.linear.weight.abs())
        negative.linear.bias.copy_(-negative.linear.bias.abs())
    _check_fixed_hidden_forward(negative, X, f"FixedHiddenMLP()(X {fmt_shape(X.shape)}) with a negative linear layer")
    out = _check_fixed_hidden_forward(net, X, f"FixedHiddenMLP()(X {fmt_shape(X.shape)})")
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
    got = [type(m).__name__ for m in seq] if isinstance(seq, nn.Sequential) else type(seq).__name__
    expect(isinstance(seq, nn.Sequential) and len(seq) == 4,
           f"make NestMLP().net nn.Sequential(Linear(20, 64), ReLU(), Linear(64, 32), ReLU()): it is {got}",
           f"NestMLP().net 应为 nn.Sequential(Linear(20, 64), ReLU(), Linear(64, 32), ReLU())：实际为 {got}")
    _linear(seq[0], "NestMLP().net[0]", 20, 64)
    _linear(seq[2], "NestMLP().net[2]", 64, 32)
    expect(isinstance(seq[1], nn.ReLU) and isinstance(seq[3], nn.ReLU),
           "NestMLP().net[1] and net[3] should be nn.ReLU()",
           "NestMLP().net[1] 和 net[3] 应为 nn.ReLU()")
    _linear(getattr(net, "linear", None), "NestMLP().linear", 32, 16)
    net.to(device)
    X = torch.randn(random.randint(1, 6), 20, device=device)
    what = f"NestMLP()(X {fmt_shape(X.shape)})"
    with torch.no_grad():
        out = call(what, net, X, mistakes=[*FORWARD_ERRORS, Mistake(
            raised(RuntimeError, "cannot be multiplied"),
            "run self.net first, then self.linear: forward returns self.linear(self.net(X))",
            "先经过 self.net，再经过 self.linear：forward 返回 self.linear(self.net(X))")])
        expect_tensor(out, net.linear(seq(X)), what, mistakes=[Mistake(
            lambda a: close(a, seq(X)),
            "then apply self.linear: forward returns self.linear(self.net(X))",
            "之后还要经过 self.linear：forward 返回 self.linear(self.net(X))")])


# --- chimera ---------------------------------------------------------------------------------


@exercise("chimera")
def test_chimera(impl, ref):
    net = call("chimera()", impl.chimera, mistakes=[Mistake(
        raised(TypeError, "is not a Module subclass"),
        "put block objects in nn.Sequential, NestMLP() and FixedHiddenMLP(), not the classes themselves",
        "nn.Sequential 里要放块的对象 NestMLP() 和 FixedHiddenMLP()，而不是类本身")])
    expect(isinstance(net, nn.Sequential) and len(net) == 3,
           f"chimera() should return an nn.Sequential of 3 blocks, got {type(net).__name__}",
           f"chimera() 应返回由 3 个块组成的 nn.Sequential，实际为 {type(net).__name__}")
    expect(type(net[0]).__name__ == "NestMLP" and type(net[2]).__name__ == "FixedHiddenMLP",
           f"chimera()'s blocks are {[type(m).__name__ for m in net]}: NestMLP(), nn.Linear(16, 20), FixedHiddenMLP()",
           f"chimera() 的块是 {[type(m).__name__ for m in net]}：应为 NestMLP()、nn.Linear(16, 20)、FixedHiddenMLP()")
    _linear(net[1], "chimera()[1]", 16, 20)
    expect(impl.chimera() is not net and impl.chimera()[1] is not net[1],
           "build a new network on every call: chimera() returned the same network twice",
           "每次调用都要新建网络：chimera() 两次返回了同一个网络")
    out = net(torch.rand(random.randint(2, 6), 20))
    expect(torch.is_tensor(out) and out.dim() == 0, "chimera()(X) should be a scalar", "chimera()(X) 应是标量")
