"""Graded tests for d2l 6.3, padding and stride."""

import math
import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, expect, expect_tensor, fail, fmt_shape
from katas.explain import original

exercise = pytest.mark.exercise


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def _int_or_pair(a, b):
    """An int when both sides agree (half the time), else the pair: nn.Conv2d takes either."""
    return a if a == b and random.random() < 0.5 else (a, b)


def _shape(input_shape, kernel_size, padding, stride, both_sides=2, plus_s=True, rounding=None):
    """The book's floor((n - k + p + s) / s) with p = both_sides * padding (and without + s when not plus_s;
    rounding(q) instead of the floor of q when given)."""
    return tuple((n - k + both_sides * p + (s if plus_s else 0)) // s if rounding is None
                 else rounding((n - k + both_sides * p + (s if plus_s else 0)) / s)
                 for n, k, p, s in zip(input_shape, _pair(kernel_size), _pair(padding), _pair(stride), strict=True))


def _run(conv, h, w):
    with torch.no_grad():
        return tuple(conv(torch.zeros(1, 1, h, w)).shape[2:])


# --- comp_conv2d -----------------------------------------------------------------------------


@exercise("comp_conv2d")
def test_comp_conv2d(impl, device):
    k = (random.randint(1, 5), random.randint(1, 5))
    padding, stride = (random.randint(0, k[0] // 2), random.randint(0, k[1] // 2)), random.randint(1, 3)
    conv2d = nn.Conv2d(1, 1, kernel_size=k, padding=padding, stride=stride).to(device)
    X = torch.randn(random.randint(6, 12), random.randint(6, 12), device=device)
    before = X.clone()
    with torch.no_grad():
        expected = conv2d(X[None, None])[0, 0]
    try:
        out = impl.comp_conv2d(conv2d, X)
    except RuntimeError as e:
        if not isinstance(e, NotImplementedError) and "Expected 3D (unbatched) or 4D (batched) input" in str(e):
            fail(f"comp_conv2d failed: nn.Conv2d takes (batch, channels, height, width); "
                 f"X.reshape((1, 1) + X.shape) first ({original(e)})",
                 "comp_conv2d 出错：nn.Conv2d 的输入是（批量、通道、高、宽）；先 X.reshape((1, 1) + X.shape)")
        if "is invalid for input of size" in str(e):
            fail(f"comp_conv2d failed: with X.reshape((1,) + X.shape) nn.Conv2d reads one unbatched image "
                 "with 1 channel, and its output has no dimension to drop for the batch: reshape X to (1, 1) + "
                 f"X.shape, batch AND channel ({original(e)})",
                 "comp_conv2d 出错：X.reshape((1,) + X.shape) 被当作单通道、无批量维的一张图，输出没有批量维可去："
                 "应变形为 (1, 1) + X.shape，批量和通道各一维")
        raise
    what = f"comp_conv2d(nn.Conv2d(1, 1, kernel_size={k}, padding={padding}, stride={stride}), X {fmt_shape(X.shape)})"
    expect_tensor(out.detach() if torch.is_tensor(out) else out, expected, what, mistakes=[
        Mistake(lambda a: tuple(a.shape) == (1, 1, *expected.shape), "the batch and channel dimensions are still "
                "there: return Y.reshape(Y.shape[2:])", "批量和通道两维还在：return Y.reshape(Y.shape[2:])"),
        Mistake(lambda a: tuple(a.shape) == (1, *expected.shape), "a dimension too many: drop both the batch and the "
                "channel dimension, Y.reshape(Y.shape[2:])",
                "多了一维：批量和通道两维都要去掉，Y.reshape(Y.shape[2:])"),
        Mistake(lambda a: tuple(a.shape) == tuple(expected.shape[1:]), "X.reshape((1,) + X.shape) is read as one "
                "unbatched image with 1 channel, so Y.shape[2:] drops a spatial dimension: reshape X to (1, 1) + "
                "X.shape, batch AND channel", "X.reshape((1,) + X.shape) 被当作单通道、无批量维的一张图，"
                "Y.shape[2:] 就去掉了一个空间维：应变形为 (1, 1) + X.shape，批量和通道各一维"),
    ])
    expect(torch.equal(X, before), "comp_conv2d changed the caller's X", "comp_conv2d 修改了调用者的 X")


# --- conv_output_shape -----------------------------------------------------------------------


def _configs():
    """The book's last example, then random ones (ints and pairs mixed), each giving an output of at least 1."""
    yield (8, 8), (3, 5), (0, 1), (3, 4)
    for _ in range(40):
        n = (random.randint(5, 40), random.randint(5, 40))
        k = (random.randint(1, 7), random.randint(1, 7))
        p = (random.randint(0, 3), random.randint(0, 3))
        s = (random.randint(1, 4), random.randint(1, 4))
        if all(ni + 2 * pi >= ki for ni, ki, pi in zip(n, k, p, strict=True)):
            yield n, _int_or_pair(*k), _int_or_pair(*p), _int_or_pair(*s)


def _shape_mistakes(config):
    n, k, p, s = config
    return [
        Mistake(lambda a: a == _shape(n, k, p, s, both_sides=1), "nn.Conv2d pads padding rows at the top AND at the "
                "bottom (and columns on both sides): the book's p is 2 * padding",
                "nn.Conv2d 的 padding 在上下（左右）两侧都要填充：书中的 p 是 2 * padding"),
        Mistake(lambda a: a == _shape(n, k, p, s, rounding=round), "round() is not the floor: it rounds up from "
                ".5 (and rounds halves to even, round(2.5) == 2); the formula floors, (n - k + p + s) // s",
                "round() 不是向下取整：它在 .5 以上会进位（且把一半舍入到偶数，round(2.5) == 2）；"
                "公式要向下取整，(n - k + p + s) // s"),
        Mistake(lambda a: a == _shape(n, k, p, s, rounding=math.ceil), "math.ceil rounds up: the formula floors, "
                "(n - k + p + s) // s (a window that would stick out past the padding does not count)",
                "math.ceil 是向上取整：公式要向下取整，(n - k + p + s) // s（超出填充区域的窗口不算）"),
        Mistake(lambda a: a == _shape(n, k, p, s, plus_s=False), "one short: floor((n - k + p + s) / s), the + s "
                "counts the window's first position", "少了一：floor((n - k + p + s) / s)，+ s 算上了窗口的第一个位置"),
        Mistake(lambda a: a == _shape(n, k, p, 1), "the stride was ignored: divide by s, floor((n - k + p + s) / s)",
                "忽略了步幅：要除以 s，floor((n - k + p + s) / s)"),
    ]


@exercise("conv_output_shape")
def test_conv_output_shape(impl):
    for config in _configs():
        n, k, p, s = config
        call = f"conv_output_shape({n}, kernel_size={k}, padding={p}, stride={s})"
        try:
            out = impl.conv_output_shape(n, k, p, s)
        except TypeError as e:
            if "not subscriptable" in str(e) or "not iterable" in str(e) or "unsupported operand" in str(e):
                fail(f"{call} failed: kernel_size, padding and stride may each be an int or a pair "
                     f"(height, width), as nn.Conv2d takes them ({original(e)})",
                     f"{call} 出错：kernel_size、padding、stride 都可能是整数或 (高, 宽) 二元组，与 nn.Conv2d 相同")
            raise
        expected = _shape(n, k, p, s)
        expect(isinstance(out, (tuple, list)) and len(out) == 2,
               f"{call} returned {out!r}: return a pair (height, width)", f"{call} 返回了 {out!r}：应返回 (高, 宽)")
        expect(all(isinstance(v, int) for v in out), f"{call} returned {tuple(out)}: return Python ints, with floor "
               "division //", f"{call} 返回了 {tuple(out)}：应返回 Python 整数，用整除 //")
        out = tuple(out)
        if out != expected:
            mistake = next((m for m in _shape_mistakes(config) if m.seen_in(out)), None)
            en, zh = f"{call} returned {out}, expected {expected}", f"{call} 返回了 {out}，应为 {expected}"
            if mistake:
                fail(f"{en}: {mistake.en}", f"{zh}：{mistake.zh}")
            fail(en + ": floor((n - k + p + s) / s) per dimension, with p = 2 * padding",
                 zh + "：每一维 floor((n - k + p + s) / s)，其中 p = 2 * padding")


# --- same_conv and strided_conv --------------------------------------------------------------


def _check_layer(conv, what, kernel_size, stride):
    __tracebackhide__ = True
    expect(isinstance(conv, nn.Conv2d), f"{what} returned {type(conv).__name__}, expected an nn.Conv2d",
           f"{what} 返回了 {type(conv).__name__}，应返回 nn.Conv2d")
    expect((conv.in_channels, conv.out_channels) == (1, 1), f"{what} has {conv.in_channels} input and "
           f"{conv.out_channels} output channels, expected 1 and 1", f"{what} 的输入/输出通道数应为 1 和 1")
    expect(tuple(conv.kernel_size) == kernel_size, f"{what} has kernel_size {conv.kernel_size}, expected "
           f"{kernel_size}: keep the kernel and choose the padding", f"{what} 的 kernel_size 为 {conv.kernel_size}，"
           f"应为 {kernel_size}：卷积核不变，只选择填充")
    shape = tuple(conv.weight.shape)  # the kernel it computes with (red team I36 set kernel_size on a 1 x 1 conv)
    expect(shape == (1, 1, *kernel_size), f"{what}'s weight has shape {shape}, expected (1, 1, {kernel_size[0]}, "
           f"{kernel_size[1]}): a layer computes with its weight, whatever its kernel_size says; make it with "
           "nn.Conv2d(1, 1, kernel_size=kernel_size, ...)", f"{what} 的权重形状为 {shape}，应为 (1, 1, "
           f"{kernel_size[0]}, {kernel_size[1]})：层用权重计算，与 kernel_size 属性无关；请用 "
           "nn.Conv2d(1, 1, kernel_size=kernel_size, ...) 构造")
    en, zh = ": pass stride=stride to nn.Conv2d", "：要把 stride=stride 传给 nn.Conv2d"
    if stride == (1, 1):
        en = zh = ""
    expect(tuple(conv.stride) == stride, f"{what} has stride {conv.stride}, expected {stride}{en}",
           f"{what} 的步幅为 {conv.stride}，应为 {stride}{zh}")


def _padding_mistakes(conv, k, shrinks_by=None):
    pad = conv.padding if isinstance(conv.padding, tuple) else (None, None)
    return [
        Mistake(lambda a: _padding_rounded(conv, k), "round(k / 2) is not the padding: it rounds halves to even, "
                "round(1.5) == 2 but round(2.5) == 2; floor division is exact for odd k, (k - 1) // 2",
                "round(k / 2) 不是正确的填充：它把一半舍入到偶数，round(1.5) == 2 而 round(2.5) == 2；"
                "对奇数 k 用整除才准确，(k - 1) // 2"),
        Mistake(lambda a: pad == (k[0] - 1, k[1] - 1) and k != (1, 1), "padding is per side: nn.Conv2d(padding=q) "
                "adds q rows at the top and q at the bottom, so p = k - 1 in all means q = (k - 1) // 2",
                "padding 是每一侧的：nn.Conv2d(padding=q) 在上下各加 q 行；总共 p = k - 1 就是每侧 q = (k - 1) // 2"),
        Mistake(lambda a: pad == (0, 0) and k != (1, 1), "without padding every k x k kernel shrinks the output "
                "by k - 1: pad (k - 1) // 2 on each side", "不填充时 k x k 卷积核会让输出缩小 k - 1："
                "每侧填充 (k - 1) // 2"),
    ]


def _kernel_forms(sizes):
    """Every size as an int and two non-square pairs: code that handles one form only (an int's // or a pair's
    unpacking) or one size only (round(k / 2) is right for 1 and 5) never passes by the luck of the draw."""
    pairs = [(a, b) for a in sizes for b in sizes if a != b]
    return [*sizes, *random.sample(pairs, 2)]


def _padding_rounded(conv, k):
    """padding round(k / 2): right for k = 1 and 5 (round(2.5) == 2), one too many for 3 and 7."""
    pad = tuple(conv.padding)
    return pad == tuple(round(x / 2) for x in k) and any(x in (3, 7) for x in k) and pad != (k[0] - 1, k[1] - 1)


def _build(impl, name, kernel_size, *args):
    """impl.<name>(kernel_size, *args), naming code that handles only one form of kernel_size."""
    __tracebackhide__ = True
    what = f"{name}({', '.join(map(str, (kernel_size, *args)))})"
    try:
        return getattr(impl, name)(kernel_size, *args)
    except TypeError as e:
        if isinstance(kernel_size, tuple) and "tuple" in str(e):
            fail(f"{what} failed: kernel_size may be a pair (k_h, k_w), as nn.Conv2d takes it, not "
                 "only an int: pad each dimension on its own, k_h, k_w = kernel_size if isinstance(kernel_size, "
                 f"tuple) else (kernel_size, kernel_size) ({original(e)})",
                 f"{what} 出错：kernel_size 可以是 (k_h, k_w) 二元组（与 nn.Conv2d 一样），"
                 "不只是整数：每一维分别填充，k_h, k_w = kernel_size if isinstance(kernel_size, tuple) "
                 "else (kernel_size, kernel_size)")
        if isinstance(kernel_size, int) and ("iterable" in str(e) or "not subscriptable" in str(e)):
            fail(f"{what} failed: kernel_size may be an int, as nn.Conv2d takes it, not only a "
                 "pair: turn an int k into (k, k) before unpacking it "
                 f"({original(e)})",
                 f"{what} 出错：kernel_size 可以是整数（与 nn.Conv2d 一样），不只是二元组："
                 "先把整数 k 变成 (k, k) 再解包")
        raise


@exercise("same_conv")
def test_same_conv(impl):
    for kernel_size in _kernel_forms([1, 5, 7, 3]):  # 7 before 3: for 3, round(3 / 2) is also k - 1
        k = _pair(kernel_size)
        conv = _build(impl, "same_conv", kernel_size)
        what = f"same_conv({kernel_size})"
        _check_layer(conv, what, k, (1, 1))
        for h, w in [(8, 8), (random.randint(7, 20), random.randint(7, 20))]:
            got = _run(conv, h, w)
            if got != (h, w):
                mistake = next((m for m in _padding_mistakes(conv, k) if m.seen_in(got)), None)
                en = f"{what} turns a {h} x {w} input into {got[0]} x {got[1]}, expected {h} x {w}"
                zh = f"{what} 把 {h} x {w} 的输入变成了 {got[0]} x {got[1]}，应为 {h} x {w}"
                fail(f"{en}: {mistake.en}" if mistake else en, f"{zh}：{mistake.zh}" if mistake else zh)


@exercise("strided_conv")
def test_strided_conv(impl):
    # the width's kernel is wider than any stride: forgotten padding then always shows (k 3, s 3 would hide it);
    # an int kernel with an int stride, a pair with a pair, an int with a pair: every form, every run
    k_int = random.choice([5, 7])
    pair = (random.choice([1, 3, 5]), random.choice([5, 7]))
    strides = [random.choice([2, 3, 4]), random.choice([(2, 3), (4, 2), (1, 2), (3, 2)]),
               random.choice([(2, 3), (3, 2)])]
    for kernel_size, stride in zip([k_int, pair, k_int], strides, strict=True):
        k, s = _pair(kernel_size), _pair(stride)
        conv = _build(impl, "strided_conv", kernel_size, stride)
        what = f"strided_conv({kernel_size}, {stride})"
        _check_layer(conv, what, k, s)
        for m in (random.randint(2, 5), random.randint(6, 9)):
            h, w = s[0] * max(m, k[0]), s[1] * max(m + 1, k[1])
            got = _run(conv, h, w)
            want = (h // s[0], w // s[1])
            if got != want:
                mistake = next((x for x in _padding_mistakes(conv, k) if x.seen_in(got)), None)
                en = f"{what} turns a {h} x {w} input into {got[0]} x {got[1]}, expected {want[0]} x {want[1]}"
                zh = f"{what} 把 {h} x {w} 的输入变成了 {got[0]} x {got[1]}，应为 {want[0]} x {want[1]}"
                fail(f"{en}: {mistake.en}" if mistake else en, f"{zh}：{mistake.zh}" if mistake else zh)
