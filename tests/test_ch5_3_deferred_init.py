"""Graded tests for d2l 5.3, deferred initialization."""

import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, expect, expect_tensor, fail, fmt_shape
from katas.testkit import call, raised

exercise = pytest.mark.exercise


def _shapes(net):
    return [tuple(p.shape) for p in net.parameters()]


@exercise("lazy_mlp")
@pytest.mark.real_devices  # a lazy layer materializes by Tensor.data assignment, which simgpu cannot take
def test_lazy_mlp_infers_its_input_size(impl, device):
    h, o, d = random.randint(13, 40), random.randint(2, 12), random.randint(2, 30)  # h != o: a swap shows
    net = call(f"lazy_mlp({h}, {o})", impl.lazy_mlp, h, o, mistakes=[Mistake(
        raised(TypeError, "missing 1 required positional argument: 'out_features'"),
        "give each LazyLinear its output size, nn.LazyLinear(num_hiddens): only the input size is left to the "
        "first forward",
        "每个 LazyLinear 都要给出输出维度：nn.LazyLinear(num_hiddens)；只有输入维度留给第一次前向传播")])
    got = [type(m).__name__ for m in net] if isinstance(net, nn.Sequential) else type(net).__name__
    expect(isinstance(net, nn.Sequential) and len(net) == 3,
           f"lazy_mlp should return an nn.Sequential of 3 modules (LazyLinear, ReLU, LazyLinear), got {got}",
           f"lazy_mlp 应返回 3 个模块组成的 nn.Sequential（LazyLinear、ReLU、LazyLinear），实际为 {got}")
    if any(not isinstance(p, nn.parameter.UninitializedParameter) for p in net.parameters()):
        fail(f"lazy_mlp({h}, {o}) has weights with a shape before any input: use nn.LazyLinear(out_features), "
             "which leaves in_features to the first forward",
             f"lazy_mlp({h}, {o}) 在见到输入之前权重就有了形状：请用 nn.LazyLinear(out_features)，"
             "输入维度留给第一次前向传播")
    net.to(device)
    X = torch.randn(random.randint(1, 5), d, device=device)
    out = net(X)
    shapes = _shapes(net)
    if shapes == [(o, d), (o,), (h, o), (h,)] != [(h, d), (h,), (o, h), (o,)]:
        fail(f"give the hidden layer num_hiddens outputs and the last one num_outputs: lazy_mlp({h}, {o}) has them "
             "the other way round",
             f"隐藏层输出 num_hiddens 个、最后一层输出 num_outputs 个：lazy_mlp({h}, {o}) 把两者弄反了")
    if shapes[:1] == [(256, d)] or shapes[2:3] == [(10, 256)]:
        fail(f"use the arguments, nn.LazyLinear(num_hiddens) and nn.LazyLinear(num_outputs): lazy_mlp({h}, {o}) "
             "built d2l's 256 and 10",
             f"请使用参数：nn.LazyLinear(num_hiddens) 和 nn.LazyLinear(num_outputs)；lazy_mlp({h}, {o}) 用的是 "
             "d2l 的 256 和 10")
    expect(shapes == [(h, d), (h,), (o, h), (o,)],
           f"after net(X {fmt_shape(X.shape)}), the parameter shapes are {shapes}, "
           f"expected {[(h, d), (h,), (o, h), (o,)]}",
           f"net(X {fmt_shape(X.shape)}) 之后参数形状为 {shapes}，应为 {[(h, d), (h,), (o, h), (o,)]}")
    with torch.no_grad():
        expected = net[2](torch.relu(net[0](X)))
    expect_tensor(out.detach(), expected, f"lazy_mlp({h}, {o})(X)")


def _constant(value):
    def init(m):
        if type(m) == nn.Linear:  # noqa: E721 (a LazyLinear becomes an nn.Linear once initialised)
            nn.init.constant_(m.weight, value)
            nn.init.zeros_(m.bias)

    return init


# What apply_init raises when typed from d2l's method (self.forward, self.net) without adapting it.
APPLY_INIT_ERRORS = [
    Mistake(raised(AttributeError, "object has no attribute 'net'"),
            "apply init to the network itself, net.apply(init): in d2l's method self.net is the network, here "
            "net is",
            "直接对网络 apply：net.apply(init)；d2l 的方法里 self.net 才是网络，这里 net 本身就是"),
    Mistake(lambda e: raised(TypeError, "must be Tensor, not tuple")(e)
            or raised(AttributeError, "'tuple' object has no attribute")(e),
            "unpack the inputs, net(*inputs): inputs is a tuple of example inputs",
            "要解包输入：net(*inputs)；inputs 是示例输入组成的元组"),
]


@exercise("apply_init")
def test_apply_init_materialises_then_initialises(impl, ref):
    h, o, d = random.randint(3, 20), random.randint(2, 8), random.randint(2, 16)
    net = ref.lazy_mlp(h, o)
    X = torch.randn(random.randint(1, 5), d)
    value = round(random.uniform(0.1, 2.0), 3)
    call(f"apply_init(net, (X {fmt_shape(X.shape)},), init)", impl.apply_init, net, (X,), _constant(value),
         mistakes=[
             Mistake(lambda e: isinstance(e, (ValueError, RuntimeError)) and "uninitialized" in str(e).lower(),
                     "run net(*inputs) first, then apply init: before the first forward the shapes are unknown, "
                     "and the lazy weights cannot be filled yet",
                     "先执行 net(*inputs)，再 apply init：第一次前向传播之前形状未知，延后初始化的权重还不能填充"),
             *APPLY_INIT_ERRORS])
    expect(_shapes(net) == [(h, d), (h,), (o, h), (o,)],
           f"after apply_init(net, (X {fmt_shape(X.shape)},), init) the shapes are {_shapes(net)}: "
           "run net(*inputs) once",
           f"apply_init 之后参数形状为 {_shapes(net)}：要先执行一次 net(*inputs)")
    before_forward = Mistake(
        lambda a: not bool((a == value).any()),
        "init never reached it: apply init after the first forward (before it, the layer is still a "
        "LazyLinear with no shape, so init skips it or cannot fill it)",
        "init 没有作用到它：要在第一次前向传播之后再 apply init"
        "（之前它还是没有形状的 LazyLinear，init 会跳过或无法填充）")
    for i in (0, 2):
        expect_tensor(net[i].weight.detach(), torch.full_like(net[i].weight, value),
                      f"net[{i}].weight after apply_init with a constant-{value} init", atol=0,
                      mistakes=[before_forward])


@exercise("apply_init")
def test_apply_init_without_init_only_materialises(impl, ref):
    net = ref.lazy_mlp(random.randint(3, 9), 2)
    d = random.randint(2, 9)
    call("apply_init(net, inputs) with init=None", impl.apply_init, net, (torch.randn(2, d),), mistakes=[
        Mistake(raised(TypeError, "'NoneType' object is not callable"),
                "apply init only when one is given, if init is not None: net.apply(None) calls None on every module",
                "只在给出 init 时才 apply：if init is not None；net.apply(None) 会对每个模块调用 None"),
        *APPLY_INIT_ERRORS])
    expect(net[0].weight.shape == (net[0].out_features, d),
           "apply_init(net, inputs) with init=None should still fix the shapes by running net(*inputs)",
           "init=None 时 apply_init(net, inputs) 仍要执行 net(*inputs) 来确定形状")
    expect(not any(p.grad is not None for p in net.parameters()), "apply_init left gradients behind",
           "apply_init 留下了梯度")
