"""Graded tests for d2l 5.2, parameter management."""

import math
import random

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from katas.checks import Mistake, close, expect, expect_tensor, fail
from katas.testkit import apply_init, call, not_drawn_from, raised

exercise = pytest.mark.exercise


def _mlp(*sizes):
    """Linear, ReLU, Linear, ... through the given sizes."""
    layers = []
    for a, b in zip(sizes, sizes[1:], strict=False):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


# --- access ----------------------------------------------------------------------------------


@exercise("layer_params")
def test_layer_params_are_the_parameters_themselves(impl):
    net = _mlp(*(random.randint(2, 9) for _ in range(4)))
    i = random.choice([0, 2, 4])
    out = call(f"layer_params(net, {i})", impl.layer_params, net, i, mistakes=[Mistake(
        raised(AttributeError, "'Sequential' object has no attribute"),
        f"index the layer first, net[{i}].weight: the Sequential itself has no weight or bias",
        f"先取出这一层 net[{i}].weight：Sequential 本身没有 weight 和 bias")])
    if type(out).__name__ == "generator":
        fail(f"return the layer's own attributes, (net[{i}].weight, net[{i}].bias): net[{i}].parameters() is a "
             "generator, not the pair",
             f"返回层自己的属性 (net[{i}].weight, net[{i}].bias)：net[{i}].parameters() 是生成器，不是二元组")
    expect(isinstance(out, (tuple, list)) and len(out) == 2,
           f"layer_params should return (weight, bias), got {out!r:.80}",
           f"layer_params 应返回 (weight, bias)，实际为 {out!r:.80}")
    w, b = out
    if w is net[i].bias and b is net[i].weight:
        fail("return (weight, bias) in that order: layer_params returned (bias, weight)",
             "按 (weight, bias) 的顺序返回：layer_params 返回了 (bias, weight)")
    for got, name in ((w, "weight"), (b, "bias")):
        want = getattr(net[i], name)
        if got is not want and torch.is_tensor(got) and got.shape == want.shape and torch.equal(got, want):
            fail(f"layer_params returned a copy of net[{i}].{name} (.data, .detach() or .clone()): it is cut off from "
                 f"the layer, with no .grad; return net[{i}].{name} itself",
                 f"layer_params 返回的是 net[{i}].{name} 的副本（.data、.detach() 或 .clone()）："
                 f"它与层脱离，没有 .grad；"
                 f"请直接返回 net[{i}].{name}")
        expect(got is want, f"layer_params(net, {i}) should return net[{i}].{name}, got {got!r:.60}",
               f"layer_params(net, {i}) 应返回 net[{i}].{name}，实际为 {got!r:.60}")
    net(torch.randn(3, net[0].in_features)).sum().backward()
    expect(w.grad is not None, "the returned weight has no .grad after backward", "反向传播后返回的 weight 没有 .grad")


def _named_shapes(impl, net):
    """impl.named_shapes(net) as [(name, shape tuple)], naming what a learner returns instead."""
    __tracebackhide__ = True
    got = call("named_shapes(net)", impl.named_shapes, net, mistakes=[Mistake(
        raised(ValueError, "values to unpack"),
        "use net.named_parameters(), which gives (name, param) pairs: net.parameters() gives the tensors alone",
        "请用 net.named_parameters()，它给出 (名字, 参数) 对：net.parameters() 只给出张量")])
    if got is None:
        fail("return the list of (name, shape) pairs: named_shapes returned None (print shows a list but returns "
             "nothing)",
             "要 return (名字, 形状) 对的列表：named_shapes 返回了 None（print 只是显示，不返回任何东西）")
    pairs = list(got) if isinstance(got, (list, tuple)) else None
    if pairs and all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
        if any(torch.is_tensor(s) for _, s in pairs):
            fail("pair each name with param.shape, not the parameter itself",
                 "每个名字要配 param.shape，而不是参数本身")
        if any(callable(s) for _, s in pairs):
            fail("use param.shape (or call param.size()): param.size without () is the method itself",
                 "请用 param.shape（或调用 param.size()）：不加 () 的 param.size 是方法本身")
        return [(n, tuple(s)) for n, s in pairs]
    fail(f"named_shapes should return a list of (name, shape) pairs, got {got!r:.80}",
         f"named_shapes 应返回 (名字, 形状) 对组成的列表，实际为 {got!r:.80}")


@exercise("named_shapes")
def test_named_shapes_walks_nested_blocks(impl, ref):
    rgnet = nn.Sequential(ref.block2(), nn.Linear(4, random.randint(1, 5)))
    expected = [(n, tuple(p.shape)) for n, p in rgnet.named_parameters()]
    got = _named_shapes(impl, rgnet)
    first = [(n, tuple(p.shape)) for n, p in rgnet[0].named_parameters()]
    if got and (got == first or all(n in ("weight", "bias") for n, _ in got)):
        fail("call named_parameters() on the whole net, net.named_parameters(): the names lack the first "
             "block's prefix, as from net[0].named_parameters(), which lists one layer (or block) only",
             "要对整个网络调用 net.named_parameters()：这些名字缺少第一个块的前缀，像是 net[0].named_parameters() "
             "给出的，它只列出一层（或一个块）")
    if got and len(got) < len(expected) and all("block" not in n for n, _ in got):
        fail(f"named_shapes gave {len(got)} of rgnet's {len(expected)} parameters, missing the nested blocks: "
             "net.named_parameters() walks every level",
             f"named_shapes 只给出 rgnet {len(expected)} 个参数中的 {len(got)} 个，漏了嵌套的块："
             "net.named_parameters() 会遍历每一层")
    expect(got == expected,
           f"named_shapes(rgnet) gave {got[:3]}..., expected {expected[:3]}... ({len(expected)} in all)",
           f"named_shapes(rgnet) 得到 {got[:3]}...，应为 {expected[:3]}...（共 {len(expected)} 个）")


@exercise("named_shapes")
def test_named_shapes_lists_parameters_not_buffers(impl):
    d = random.randint(2, 6)
    net = nn.Sequential(nn.Linear(d, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
    expected = [(n, tuple(p.shape)) for n, p in net.named_parameters()]
    got = _named_shapes(impl, net)
    if any("running_mean" in n for n, _ in got):
        fail("named_shapes listed BatchNorm's running_mean: state_dict() also holds buffers; "
             "use net.named_parameters()",
             "named_shapes 列出了 BatchNorm 的 running_mean：state_dict() 还包含缓冲区；请用 net.named_parameters()")
    expect(got == expected, f"named_shapes gave {got}, expected {expected}",
           f"named_shapes 得到 {got}，应为 {expected}")


# --- nested blocks ---------------------------------------------------------------------------


def _check_block1(b, what):
    __tracebackhide__ = True
    kinds = [type(m).__name__ for m in b] if isinstance(b, nn.Sequential) else None
    got = (", ".join(f"Linear({m.in_features}, {m.out_features})" if isinstance(m, nn.Linear)
                     else f"{type(m).__name__}()" for m in b) if kinds is not None else type(b).__name__)
    expect(kinds == ["Linear", "ReLU", "Linear", "ReLU"]
           and (b[0].in_features, b[0].out_features, b[2].in_features, b[2].out_features) == (4, 8, 8, 4),
           f"{what} should be nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 4), ReLU()), got {got}",
           f"{what} 应为 nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 4), ReLU())，实际为 {got}")


@exercise("block1")
def test_block1(impl):
    b = impl.block1()
    if isinstance(b, (list, tuple)):
        fail("wrap the layers in nn.Sequential(...): block1() returned a plain list, which is no block",
             "要把这些层包进 nn.Sequential(...)：block1() 返回的是普通列表，不是块")
    _check_block1(b, "block1()")
    expect(impl.block1()[0] is not b[0], "build new layers on every call: block1() returned the same layers twice",
           "每次调用都要新建层：block1() 两次返回了同样的层")
    X = torch.randn(random.randint(1, 5), 4)
    expect(b(X).shape == X.shape, "block1() should map (batch, 4) to (batch, 4)",
           "block1() 应把 (batch, 4) 映射到 (batch, 4)")


@exercise("block2")
def test_block2_nests_four_distinct_blocks(impl):
    net = call("block2()", impl.block2, mistakes=[Mistake(
        raised(TypeError, "is not a Module subclass"),
        "call block1() for each block: add_module takes a block object, and block1 without () is the function",
        "每个块都要调用 block1()：add_module 需要块对象，不加 () 的 block1 是函数本身")])
    expect(isinstance(net, nn.Sequential), f"block2() should return an nn.Sequential, got {type(net).__name__}",
           f"block2() 应返回 nn.Sequential，实际为 {type(net).__name__}")
    held = list(net._modules.values())  # named_children() would list a repeated object once only
    if len({id(b) for b in held}) < len(held):
        fail("block2() holds the same block1 object several times: call block1() anew for every block",
             "block2() 里多次放了同一个 block1 对象：每个块都要重新调用 block1()")
    names = [n for n, _ in net.named_children()]
    if names == ["block {i}"]:
        fail("write the name as an f-string, f'block {i}': without the f every block got the literal name "
             "'block {i}', and each add_module replaced the one before",
             "名字要写成 f-string：f'block {i}'；少了 f，每个块都叫 'block {i}'，每次 add_module 都替换了前一个")
    expect(names == [f"block {i}" for i in range(4)],
           f"block2()'s children are named {names}: add them with net.add_module(f'block {{i}}', block1())",
           f"block2() 的子块名字是 {names}：请用 net.add_module(f'block {{i}}', block1()) 加入")
    for i, b in enumerate(net):
        _check_block1(b, f"block2()[{i}]")
    rgnet = nn.Sequential(net, nn.Linear(4, 1))
    expect("0.block 2.0.weight" in rgnet.state_dict(), "rgnet.state_dict() lacks '0.block 2.0.weight'",
           "rgnet.state_dict() 里没有 '0.block 2.0.weight'")
    expect(len(list(rgnet.parameters())) == 18, "rgnet should have 18 parameter tensors (4 blocks x 4, plus 2)",
           "rgnet 应有 18 个参数张量（4 个块各 4 个，再加 2 个）")


# --- initialisation --------------------------------------------------------------------------


def _big_net():
    """Large Linear layers (for statistics), with ReLUs between, as net.apply meets them."""
    return _mlp(random.randint(200, 300), random.randint(200, 300), random.randint(150, 250))


def _apply(net, init, name):
    """net.apply(init); the Linear layers, after naming an init that never matched one."""
    __tracebackhide__ = True
    linears = [m for m in net if isinstance(m, nn.Linear)]
    before = [m.weight.detach().clone() for m in linears]
    apply_init(net, init, name)
    if all(torch.equal(m.weight.detach(), w) for m, w in zip(linears, before, strict=True)):
        fail(f"test type(m) == nn.Linear (or isinstance(m, nn.Linear)): {name} changed no Linear weight, so its "
             "check never matched a layer",
             f"请判断 type(m) == nn.Linear（或 isinstance(m, nn.Linear)）：{name} 没有改动任何 Linear 的权重，"
             "它的判断从未匹配到层")
    return linears


def _stat(name, value, expected, tol, en, zh):
    __tracebackhide__ = True
    expect(abs(value - expected) <= tol, f"{name} is {value:.4g}, expected about {expected:.4g}: {en}",
           f"{name} 为 {value:.4g}，应约为 {expected:.4g}：{zh}")


@exercise("init_normal")
def test_init_normal(impl):
    net = _big_net()
    for i, m in enumerate(_apply(net, impl.init_normal, "init_normal")):
        w = m.weight.detach()
        if abs(float(w.std()) - 1) < 0.05:
            fail(f"pass std by keyword, nn.init.normal_(m.weight, mean=0, std=0.01): layer {i}'s weights have std "
                 f"{float(w.std()):.3g} (normal_(m.weight, 0.01) sets the mean, and std stays 1)",
                 f"std 要用关键字：nn.init.normal_(m.weight, mean=0, std=0.01)；第 {i} 层权重的标准差为 "
                 f"{float(w.std()):.3g}（normal_(m.weight, 0.01) 设的是均值，std 仍为 1）")
        _stat(f"layer {i}'s weight mean", float(w.mean()), 0.0, 1e-3,
              "draw from N(0, 0.01): nn.init.normal_(m.weight, mean=0, std=0.01) (std by keyword)",
              "应服从 N(0, 0.01)：nn.init.normal_(m.weight, mean=0, std=0.01)（std 要用关键字）")
        _stat(f"layer {i}'s weight std", float(w.std()), 0.01, 5e-4,
              "std=0.01", "std=0.01")
        z = (w.to(torch.float64) - w.to(torch.float64).mean()) / w.to(torch.float64).std()
        kurtosis = float((z ** 4).mean()) - 3  # a normal's 0 (within 0.03 here), a uniform's -1.2 (red team I15)
        expect(abs(kurtosis) < 0.5, f"draw from a normal distribution, nn.init.normal_(m.weight, mean=0, std=0.01): "
               f"layer {i}'s weights have the right std but not a normal's shape (excess kurtosis {kurtosis:.2f}, "
               "a normal's is 0, a uniform's -1.2)",
               "要从正态分布中采样，nn.init.normal_(m.weight, mean=0, std=0.01)：第 "
               f"{i} 层权重的标准差对了，但分布形状不是正态（超额峰度为 {kurtosis:.2f}，正态为 0，均匀分布为 -1.2）")
        expect(not m.bias.detach().any(), f"zero the bias too, nn.init.zeros_(m.bias): layer {i}'s bias is not zero",
               f"偏置也要置零：nn.init.zeros_(m.bias)；第 {i} 层的偏置不为零")


@exercise("init_constant")
def test_init_constant(impl):
    net = _big_net()
    for i, m in enumerate(_apply(net, impl.init_constant, "init_constant")):
        if not m.weight.detach().any() and bool((m.bias.detach() == 1).all()):
            fail("set the weight to 1 and the bias to 0: init_constant swapped them",
                 "权重设为 1、偏置设为 0：init_constant 把两者弄反了")
        expect_tensor(m.weight.detach(), torch.ones_like(m.weight), f"layer {i}'s weight after init_constant", atol=0)
        expect_tensor(m.bias.detach(), torch.zeros_like(m.bias), f"layer {i}'s bias after init_constant", atol=0,
                      mistakes=[Mistake(lambda a: True, "zero the bias too, nn.init.zeros_(m.bias)",
                                        "偏置也要置零：nn.init.zeros_(m.bias)")])


def _bias_kept(i, m, before, name):
    __tracebackhide__ = True
    expect(torch.equal(m.bias.detach(), before),
           f"leave the bias as it is: {name} changed layer {i}'s bias, and it initialises the weight only",
           f"偏置保持不动：{name} 改动了第 {i} 层的偏置，而它只初始化权重")


@exercise("init_xavier")
def test_init_xavier(impl):
    net = _big_net()
    biases = [m.bias.detach().clone() for m in net if isinstance(m, nn.Linear)]
    for i, m in enumerate(_apply(net, impl.init_xavier, "init_xavier")):
        w = m.weight.detach()
        bound = math.sqrt(6 / (m.in_features + m.out_features))
        if float(w.abs().max()) > bound * 1.0001:
            # xavier_normal_ has the same std as xavier_uniform_, but tails beyond its bound
            normal = abs(float(w.std()) - bound / math.sqrt(3)) < 0.03 * bound
            fail(f"use nn.init.xavier_uniform_{' (not xavier_normal_)' if normal else ''}: layer {i}'s weight "
                 f"reaches {float(w.abs().max()):.4g}, beyond Xavier's uniform bound {bound:.4g}",
                 f"请用 nn.init.xavier_uniform_{'（不是 xavier_normal_）' if normal else ''}："
                 f"第 {i} 层的权重达到 {float(w.abs().max()):.4g}，超出 Xavier 均匀分布的界 {bound:.4g}")
        _stat(f"layer {i}'s weight std", float(w.std()), bound / math.sqrt(3), 0.03 * bound,
              "fill the weight with nn.init.xavier_uniform_", "用 nn.init.xavier_uniform_ 填充权重")
        why = not_drawn_from(w, "uniform")
        expect(why is None, f"fill the weight with nn.init.xavier_uniform_: layer {i}'s weights have the right spread "
               f"but {why}", f"请用 nn.init.xavier_uniform_ 填充权重：第 {i} 层权重的标准差对了，但{why}")
        _bias_kept(i, m, biases[i], "init_xavier")


@exercise("init_42")
def test_init_42(impl):
    net = _big_net()
    biases = [m.bias.detach().clone() for m in net if isinstance(m, nn.Linear)]
    for i, m in enumerate(_apply(net, impl.init_42, "init_42")):
        expect_tensor(m.weight.detach(), torch.full_like(m.weight, 42), f"layer {i}'s weight after init_42", atol=0)
        _bias_kept(i, m, biases[i], "init_42")


@exercise("my_init")
def test_my_init(impl):
    net = _big_net()
    linears = [m for m in net if isinstance(m, nn.Linear)]
    biases = [m.bias.detach().clone() for m in linears]
    weights = [m.weight for m in linears]
    _apply(net, impl.my_init, "my_init")
    for i, m in enumerate(linears):
        expect(m.weight is weights[i] and isinstance(m.weight, nn.Parameter) and m.weight.requires_grad,
               f"my_init replaced layer {i}'s weight Parameter: "
               "change it in place (nn.init.uniform_, m.weight.data *= ...)",
               f"my_init 替换了第 {i} 层的权重参数对象：请原地修改（nn.init.uniform_、m.weight.data *= ...）")
        w = m.weight.detach()
        kept = w[w != 0]
        zeros = float((w == 0).float().mean())
        if bool((w.abs() > 10).any()):
            fail(f"layer {i}'s weights reach {float(w.abs().max()):.3g}: draw them from U(-10, 10)",
                 f"第 {i} 层的权重达到 {float(w.abs().max()):.3g}：应服从 U(-10, 10)")
        if kept.numel() and float(kept.abs().max()) < 5:
            fail(f"zero the small weights and keep |w| >= 5 (multiply by w.abs() >= 5): layer {i} kept only "
                 "weights with |w| < 5",
                 f"应把小权重置零、保留 |w| >= 5 的（乘以 w.abs() >= 5）：第 {i} 层只留下了 |w| < 5 的权重")
        if kept.numel() and bool((kept > 0).all()) and zeros > 0.65:
            fail(f"keep the large weights of either sign, mask with m.weight.data.abs() >= 5: layer {i} kept only "
                 "positive ones (without abs(), every negative weight was zeroed)",
                 f"正负两边的大权重都要保留，掩码用 m.weight.data.abs() >= 5：第 {i} 层只留下了正的"
                 "（没有 abs()，所有负权重都被置零了）")
        if zeros == 0:
            fail(f"zero the small weights after drawing them: nn.init.uniform_ first, then m.weight.data *= "
                 f"m.weight.data.abs() >= 5; no weight of layer {i} is zero (the mask came first, or never)",
                 f"抽样之后再把小权重置零：先 nn.init.uniform_，再 m.weight.data *= m.weight.data.abs() >= 5；"
                 f"第 {i} 层没有一个权重为零（掩码用在了前面，或根本没用）")
        expect(kept.numel() and float(kept.abs().min()) >= 5,
               f"layer {i} has nonzero weights with |w| < 5 "
               f"(smallest {float(kept.abs().min()) if kept.numel() else 0:.3g}): "
               "set every weight with |w| < 5 to zero",
               f"第 {i} 层有 |w| < 5 的非零权重：要把所有 |w| < 5 的权重置零")
        _stat(f"layer {i}'s fraction of zero weights", zeros, 0.5, 0.02,
              "uniform on (-10, 10), half of it has |w| < 5", "在 (-10, 10) 上均匀分布，一半满足 |w| < 5")
        _stat(f"layer {i}'s mean nonzero weight", float(kept.mean()), 0.0, 0.25,
              "draw from U(-10, 10), negative values too", "应服从 U(-10, 10)，也要有负值")
        _bias_kept(i, m, biases[i], "my_init")


# --- shared parameters -----------------------------------------------------------------------


def _shared(impl):
    n_in, n_h = random.choice([(a, h) for a in range(2, 8) for h in range(3, 10) if (a, h) != (4, 8)])  # not d2l's
    net = impl.shared_net(n_in, n_h)
    got = [type(m).__name__ for m in net] if isinstance(net, nn.Sequential) else type(net).__name__
    expect(isinstance(net, nn.Sequential) and len(net) == 7,
           f"shared_net should return an nn.Sequential of 7 modules (Linear, ReLU, shared, ReLU, shared, ReLU, "
           f"Linear), got {got}",
           f"shared_net 应返回 7 个模块组成的 nn.Sequential（Linear、ReLU、shared、ReLU、shared、ReLU、Linear），"
           f"实际为 {got}")
    first = net[0]
    if isinstance(first, nn.Linear) and (first.in_features, first.out_features) == (4, 8) != (n_in, n_h):
        fail(f"use the arguments, nn.Linear(num_inputs, num_hiddens) and shared = nn.Linear(num_hiddens, "
             f"num_hiddens): shared_net({n_in}, {n_h}) built d2l's fixed sizes 4 and 8",
             f"请使用参数：nn.Linear(num_inputs, num_hiddens)，shared = nn.Linear(num_hiddens, num_hiddens)；"
             f"shared_net({n_in}, {n_h}) 用的是 d2l 固定的 4 和 8")
    for j, (a, b) in {0: (n_in, n_h), 2: (n_h, n_h), 4: (n_h, n_h), 6: (n_h, 1)}.items():
        expect(isinstance(net[j], nn.Linear) and (net[j].in_features, net[j].out_features) == (a, b),
               f"shared_net({n_in}, {n_h})[{j}] should be nn.Linear({a}, {b}), got {net[j]!r}",
               f"shared_net({n_in}, {n_h})[{j}] 应为 nn.Linear({a}, {b})，实际为 {net[j]!r}")
    return net, n_in


def _not_shared(net):
    __tracebackhide__ = True
    if net[2] is net[4] or (net[2].weight is net[4].weight and net[2].bias is net[4].bias):
        return  # one layer object, or two layers holding the very same Parameters (tied weights)
    if torch.equal(net[2].weight.detach(), net[4].weight.detach()):
        fail("put the very same layer object in twice: net[2] and net[4] hold equal values but are two objects "
             "(sharing through deepcopy makes an independent copy)",
             "要把同一个层对象放进去两次：net[2] 和 net[4] 数值相同但是两个对象（用 deepcopy 共享得到的是独立副本）")
    fail("create shared = nn.Linear(...) once and use it twice: net[2] and net[4] are two Linear layers instead of "
         "one shared",
         "shared = nn.Linear(...) 只建一次，用两次：net[2] 和 net[4] 是两个独立的 Linear 层，而不是一个共享层")


@exercise("shared_net")
def test_shared_net_uses_one_layer_object(impl):
    net, _ = _shared(impl)
    _not_shared(net)
    net[2].weight.data[0, 0] = 100
    expect(close(net[4].weight.detach()[0, 0], 100.0), "setting net[2].weight[0, 0] = 100 did not show in net[4]",
           "把 net[2].weight[0, 0] 设为 100 后 net[4] 没有变化")
    n_params = len(list(net.parameters()))
    expect(n_params == 6, f"shared_net has {n_params} parameter tensors; with one shared layer it has 6",
           f"shared_net 有 {n_params} 个参数张量；共享一层时应为 6 个")


@exercise("shared_net")
def test_shared_net_gradient_sums_both_uses(impl):
    net, n_in = _shared(impl)
    X = torch.randn(random.randint(2, 8), n_in)
    # The same computation with the two uses as separate leaves: the shared gradient is their sum.
    W2, b2 = (net[2].weight.detach().clone().requires_grad_(), net[2].bias.detach().clone().requires_grad_())
    W4, b4 = (net[4].weight.detach().clone().requires_grad_(), net[4].bias.detach().clone().requires_grad_())
    with torch.no_grad():
        H = F.relu(net[0](X))
    H = F.relu(F.linear(F.relu(F.linear(H, W2, b2)), W4, b4))
    net[6](H).sum().backward()
    net.zero_grad()
    net(X).sum().backward()
    both = W2.grad + W4.grad
    expect_tensor(net[2].weight.grad, both, "net[2].weight.grad", atol=1e-5, mistakes=[
        Mistake(lambda a: close(a, W2.grad) or close(a, W4.grad),
                "it holds one use's gradient only: two Linear layers instead of one shared (or a deepcopy); "
                "with one layer object the gradients of both uses add up",
                "它只是一次使用的梯度：两个独立的 Linear 层而不是一个共享层（或 deepcopy）；"
                "同一层对象两次使用的梯度会相加"),
    ])
    expect_tensor(net[4].bias.grad, b2.grad + b4.grad, "net[4].bias.grad", atol=1e-5)
