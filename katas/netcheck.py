"""Checks on networks made of layers (chapter 7): layer-by-layer against the reference, on the meta device.

A net is compared by its leaf layers (modules without children) in the order they were
registered, each written as a short line: `Conv2d(1, 96, kernel_size=11, stride=4, padding=1)`.
How the learner nests blocks (one Sequential or several) does not matter; the layers do.
Big nets (AlexNet's 47M parameters, VGG's 129M) are built on the meta device: shapes, no data.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from katas.checks import Mistake, expect, fail, fmt_shape


def _pair(v):
    """3 for (3, 3): the way a learner writes square sizes."""
    if isinstance(v, (tuple, list)) and len(v) == 2 and v[0] == v[1]:
        return v[0]
    return tuple(v) if isinstance(v, list) else v


def describe(layer: nn.Module) -> str:
    """One line for a layer: the arguments that make it what it is, nothing that is only a default."""
    name = type(layer).__name__
    if isinstance(layer, nn.Conv2d):
        args = [str(layer.in_channels), str(layer.out_channels), f"kernel_size={_pair(layer.kernel_size)}"]
        if _pair(layer.stride) != 1:
            args.append(f"stride={_pair(layer.stride)}")
        if _pair(layer.padding) != 0:
            args.append(f"padding={_pair(layer.padding)}")
        if layer.bias is None:
            args.append("bias=False")
        return f"{name}({', '.join(args)})"
    if isinstance(layer, (nn.MaxPool2d, nn.AvgPool2d)):
        args = [f"kernel_size={_pair(layer.kernel_size)}", f"stride={_pair(layer.stride)}"]
        if _pair(layer.padding) != 0:
            args.append(f"padding={_pair(layer.padding)}")
        return f"{name}({', '.join(args)})"
    if isinstance(layer, nn.Linear):
        return f"{name}({layer.in_features}, {layer.out_features})"
    if isinstance(layer, nn.modules.batchnorm._BatchNorm):
        return f"{name}({layer.num_features})"
    if isinstance(layer, nn.Dropout):
        return f"{name}({layer.p})"
    if isinstance(layer, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
        return f"{name}({_pair(layer.output_size)})"
    if isinstance(layer, nn.Flatten):
        return name + ("()" if (layer.start_dim, layer.end_dim) == (1, -1) else f"({layer.start_dim}, {layer.end_dim})")
    params = [f"{n} {tuple(p.shape)}" for n, p in layer.named_parameters(recurse=False)]
    return f"{name}({', '.join(params)})"


def leaves(net: nn.Module) -> list[nn.Module]:
    """The layers of net that hold no other layers, in the order they were registered."""
    return [m for m in net.modules() if not list(m.children())]


def layer_lines(net: nn.Module) -> list[str]:
    return [describe(m) for m in leaves(net)]


def count_params(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


def fmt_count(n: int) -> str:
    return f"{n / 1e6:.2f}M" if n >= 1e6 else f"{n:,}"


def expect_module(net, what: str) -> None:
    __tracebackhide__ = True
    if not isinstance(net, nn.Module):
        fail(f"{what} returned {type(net).__name__}, expected an nn.Module (e.g. nn.Sequential(...))",
             f"{what} 返回了 {type(net).__name__}，应返回 nn.Module（例如 nn.Sequential(...)）")


def expect_layers(net: nn.Module, expected: nn.Module, what: str, mistakes: Sequence[Mistake] = ()) -> None:
    """net has expected's layers, in order; on the first difference, name a classic mistake if one matches.

    Each Mistake sees the learner's list of layer lines (describe()).
    """
    __tracebackhide__ = True
    expect_module(net, what)
    got, want = layer_lines(net), layer_lines(expected)
    if got == want:
        return
    k = next((i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w), min(len(got), len(want)))
    if k < min(len(got), len(want)):
        en = f"{what}: layer {k} is {got[k]}, expected {want[k]}"
        zh = f"{what}：第 {k} 层是 {got[k]}，应为 {want[k]}"
    elif len(got) < len(want):
        en = f"{what} has {len(got)} layers, expected {len(want)}: the next one should be {want[k]}"
        zh = f"{what} 只有 {len(got)} 层，应有 {len(want)} 层：下一层应为 {want[k]}"
    else:
        en = f"{what} has {len(got)} layers, expected {len(want)}: layer {k} ({got[k]}) is one too many"
        zh = f"{what} 有 {len(got)} 层，应有 {len(want)} 层：第 {k} 层（{got[k]}）是多余的"
    m = next((m for m in mistakes if m.seen_in(got)), None)
    if m:
        fail(f"{en}: {m.en}", f"{zh}：{m.zh}")
    fail(en, zh)


def expect_param_count(net: nn.Module, expected: nn.Module, what: str) -> None:
    __tracebackhide__ = True
    got, want = count_params(net), count_params(expected)
    if got != want:
        fail(f"{what} has {fmt_count(got)} parameters, d2l's has {fmt_count(want)}",
             f"{what} 有 {fmt_count(got)} 个参数，d2l 的有 {fmt_count(want)} 个")


def copy_params(src: nn.Module, dst: nn.Module) -> None:
    """dst's parameters and buffers become src's, position by position (their layers are the same)."""
    with torch.no_grad():
        for a, b in zip(src.parameters(), dst.parameters(), strict=True):
            b.copy_(a)
        for a, b in zip(src.buffers(), dst.buffers(), strict=True):
            b.copy_(a)


def on_meta(build, *args):
    """build(*args) with every tensor it creates on the meta device: shapes only, no memory, no time."""
    with torch.device("meta"):
        return build(*args)


def meta_input(*shape: int) -> torch.Tensor:
    return torch.empty(*shape, device="meta")


def expect_net(build, reference, *args, what: str, mistakes: Sequence[Mistake] = ()) -> nn.Module:
    """build(*args) against reference(*args), both on the meta device: the same layers (mistakes name
    the classic differences), the same parameter count, and a new net on every call. Returns the net."""
    __tracebackhide__ = True
    net, expected = on_meta(build, *args), on_meta(reference, *args)
    expect_layers(net, expected, what, mistakes)
    expect_param_count(net, expected, what)
    expect_new_each_call(build, *args, what=what)
    return net


def expect_scores(net, what: str, batch: int, size: int, on_error: tuple[str, str],
                  on_shape: tuple[str, str] = ("", "")) -> None:
    """net maps a (batch, 1, size, size) batch of images to (batch, 10) scores (on meta: shapes only).

    on_error says where to look when a layer rejects its input's shape; on_shape what to change when
    the output has the wrong shape.
    """
    __tracebackhide__ = True
    X = meta_input(batch, 1, size, size)
    try:
        out = net(X)
    except NotImplementedError:
        raise
    except RuntimeError as e:
        fail(f"{what} failed on a batch {fmt_shape(X.shape)} of {size}x{size} images ({e}): {on_error[0]}",
             f"{what} 在 {size}x{size} 的一批图像 {fmt_shape(X.shape)} 上出错：{on_error[1]}")
    en, zh = (f": {on_shape[0]}", f"：{on_shape[1]}") if on_shape[0] else ("", "")
    expect(tuple(out.shape) == (batch, 10), f"{what} maps {fmt_shape(X.shape)} to {fmt_shape(out.shape)}, "
           f"expected ({batch}, 10){en}", f"{what} 把 {fmt_shape(X.shape)} 映射成了 {fmt_shape(out.shape)}，"
           f"应为 ({batch}, 10){zh}")


def expect_new_each_call(build, *args, what: str) -> None:
    """A net-building function returns a new net (fresh parameters) on every call."""
    __tracebackhide__ = True
    a, b = on_meta(build, *args), on_meta(build, *args)
    pa, pb = list(a.parameters()), list(b.parameters())
    if a is b or (pa and pb and pa[0] is pb[0]):
        fail(f"{what} returned the same layers twice: build the net inside the function, so every call "
             "makes a new one (a net at module level is shared by everyone who calls it)",
             f"{what} 两次返回了相同的层：要在函数里面构建网络，每次调用都新建一个"
             "（模块顶层的网络会被所有调用者共用）")
