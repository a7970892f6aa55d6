"""Graded tests for d2l 5.3, deferred initialization."""

import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, expect, expect_tensor, fail, fmt_shape

exercise = pytest.mark.exercise


def _shapes(net):
    return [tuple(p.shape) for p in net.parameters()]


@exercise("lazy_mlp")
def test_lazy_mlp_infers_its_input_size(impl, device):
    h, o, d = random.randint(3, 40), random.randint(2, 12), random.randint(2, 30)
    net = impl.lazy_mlp(h, o)
    expect(isinstance(net, nn.Sequential) and len(net) == 3,
           f"lazy_mlp should return an nn.Sequential of 3 modules, got {net!r:.100}",
           f"lazy_mlp 应返回 3 个模块组成的 nn.Sequential，实际为 {net!r:.100}")
    if any(not isinstance(p, nn.parameter.UninitializedParameter) for p in net.parameters()):
        fail(f"lazy_mlp({h}, {o}) has weights with a shape before any input: use nn.LazyLinear(out_features), "
             "which leaves in_features to the first forward",
             f"lazy_mlp({h}, {o}) 在见到输入之前权重就有了形状：请用 nn.LazyLinear(out_features)，"
             "输入维度留给第一次前向传播")
    net.to(device)
    X = torch.randn(random.randint(1, 5), d, device=device)
    out = net(X)
    expect(_shapes(net) == [(h, d), (h,), (o, h), (o,)],
           f"after net(X {fmt_shape(X.shape)}), the parameter shapes are {_shapes(net)}, "
           f"expected {[(h, d), (h,), (o, h), (o,)]}",
           f"net(X {fmt_shape(X.shape)}) 之后参数形状为 {_shapes(net)}，应为 {[(h, d), (h,), (o, h), (o,)]}")
    with torch.no_grad():
        expected = net[2](torch.relu(net[0](X)))
    expect_tensor(out.detach(), expected, f"lazy_mlp({h}, {o})(X)")


def _constant(value):
    def init(m):
        if type(m) == nn.Linear:  # noqa: E721 (a LazyLinear becomes an nn.Linear once initialised)
            nn.init.constant_(m.weight, value)
            nn.init.zeros_(m.bias)

    return init


@exercise("apply_init")
def test_apply_init_materialises_then_initialises(impl, ref):
    h, o, d = random.randint(3, 20), random.randint(2, 8), random.randint(2, 16)
    net = ref.lazy_mlp(h, o)
    X = torch.randn(random.randint(1, 5), d)
    value = round(random.uniform(0.1, 2.0), 3)
    try:
        impl.apply_init(net, (X,), _constant(value))
    except (ValueError, RuntimeError) as e:
        if "uninitialized" in str(e).lower():
            fail("apply_init applied init before the first forward: shapes unknown, the lazy weights cannot be "
                 "filled yet; run net(*inputs) first",
                 "apply_init 在第一次前向传播之前就做了初始化：形状未知，延后初始化的权重还不能填充；"
                 "先执行 net(*inputs)")
        raise
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
    impl.apply_init(net, (torch.randn(2, d),))
    expect(net[0].weight.shape == (net[0].out_features, d),
           "apply_init(net, inputs) with init=None should still fix the shapes by running net(*inputs)",
           "init=None 时 apply_init(net, inputs) 仍要执行 net(*inputs) 来确定形状")
    expect(not any(p.grad is not None for p in net.parameters()), "apply_init left gradients behind",
           "apply_init 留下了梯度")
