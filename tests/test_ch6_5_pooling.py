"""Graded tests for d2l 6.5, pooling."""

import random

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from katas.checks import Mistake, close, expect_tensor, fmt_shape
from katas.testkit import loops_one_short

exercise = pytest.mark.exercise

BOOK_X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])


def _pool(X, pool_size, mode):
    """Stride-1 pooling of a 2-D X, by torch's own pooling."""
    fn = F.max_pool2d if mode == "max" else F.avg_pool2d
    return fn(X[None, None], pool_size, stride=1)[0, 0]


def _sliced(X, out_shape, p_h, p_w, mode):
    """A learner's loop with the window X[i:i+p_h, j:j+p_w] over out_shape (slices past the edge get shorter)."""
    Y = torch.zeros(out_shape, device=X.device, dtype=X.dtype)
    for i in range(out_shape[0]):
        for j in range(out_shape[1]):
            window = X[i : i + p_h, j : j + p_w]
            Y[i, j] = window.max() if mode == "max" else window.mean()
    return Y


# --- pool2d ----------------------------------------------------------------------------------


def _pool2d_mistakes(X, pool_size, mode):
    p_h, p_w = pool_size
    h, w = X.shape
    other = "avg" if mode == "max" else "max"
    return [
        Mistake(lambda a: close(a, _pool(X, pool_size, other)), f"mode={mode!r} computed the {other} of each window: "
                "'max' takes .max(), 'avg' takes .mean()",
                f"mode={mode!r} 计算的是每个窗口的 {other}：'max' 用 .max()，'avg' 用 .mean()"),
        Mistake(lambda a: mode == "avg" and close(a, _pool(X, pool_size, "avg") * p_h * p_w),
                "'avg' summed each window: take its .mean()", "'avg' 对窗口求了和：应取 .mean()"),
        Mistake(lambda a: tuple(a.shape) == (h - p_h, w - p_w), "the output is one row and one column short: a "
                "p_h x p_w window fits h - p_h + 1 times down and w - p_w + 1 times across",
                "输出少了一行一列：p_h x p_w 的窗口在竖直方向能放 h - p_h + 1 次，水平方向 w - p_w + 1 次"),
        Mistake(lambda a: p_h != p_w and close(a, _sliced(X, a.shape, p_h, p_h, mode)), "the window is p_h x p_h: "
                "use X[i:i+p_h, j:j+p_w], p_h rows and p_w columns",
                "窗口成了 p_h x p_h：应为 X[i:i+p_h, j:j+p_w]，p_h 行、p_w 列"),
        Mistake(lambda a: p_h != p_w and close(a, _sliced(X, a.shape, p_w, p_h, mode)), "the window is p_w x p_h, "
                "turned round: p_h, p_w = pool_size, then X[i:i+p_h, j:j+p_w]",
                "窗口转了 90 度（p_w x p_h）：p_h, p_w = pool_size，然后 X[i:i+p_h, j:j+p_w]"),
        *loops_one_short(_pool(X, pool_size, mode)),
    ]


@exercise("pool2d")
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool2d_book_example(impl, mode):
    expected = torch.tensor([[4.0, 5.0], [7.0, 8.0]] if mode == "max" else [[2.0, 3.0], [5.0, 6.0]])
    expect_tensor(impl.pool2d(BOOK_X, (2, 2), mode), expected, f"pool2d(X, (2, 2), {mode!r}) on d2l's 3x3 example",
                  mistakes=_pool2d_mistakes(BOOK_X, (2, 2), mode))


@exercise("pool2d")
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool2d_random_sizes(impl, device, mode):
    h, w = random.randint(4, 9), random.randint(4, 9)
    p_h = random.randint(1, 3)
    pool_size = (p_h, random.choice([k for k in range(1, 4) if k != p_h]))
    X = torch.randn(h, w, device=device)
    expect_tensor(impl.pool2d(X, pool_size, mode), _pool(X, pool_size, mode),
                  f"pool2d(X {fmt_shape(X.shape)}, {pool_size}, {mode!r})",
                  mistakes=_pool2d_mistakes(X, pool_size, mode))


@exercise("pool2d")
def test_pool2d_keeps_dtype(impl):
    X = torch.randn(random.randint(3, 6), random.randint(3, 6), dtype=torch.float64)
    mode = random.choice(["max", "avg"])
    expect_tensor(impl.pool2d(X, (2, 2), mode), _pool(X, (2, 2), mode), f"pool2d(X in float64, (2, 2), {mode!r})",
                  mistakes=[Mistake(lambda a: a.dtype == torch.float32, "Y is float32 for a float64 X: create it with "
                                    "dtype=X.dtype", "X 是 float64，Y 却是 float32：创建 Y 时用 dtype=X.dtype")])


# --- maxpool2d -------------------------------------------------------------------------------


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def _nn_maxpool(X, pool_size, padding, stride):
    return nn.MaxPool2d(pool_size, stride=stride, padding=padding)(X[None, None])[0, 0]


def _maxpool_mistakes(X, pool_size, padding, stride):
    q = padding if isinstance(padding, tuple) else (padding, padding)
    zero_padded = F.pad(X, (q[1], q[1], q[0], q[0]))
    swapped = F.pad(X, (q[0], q[0], q[1], q[1]), value=float("-inf"))  # F.pad given (top, bottom, left, right)
    window = pool_size if isinstance(pool_size, tuple) else (pool_size, pool_size)
    every_window = _nn_maxpool(X, pool_size, padding, 1)
    return [
        Mistake(lambda a: q[0] != q[1] and close(a, _nn_maxpool(swapped, pool_size, 0, stride)),
                f"the padding went to the wrong sides: F.pad's list starts with the LAST dimension, (left, right, "
                f"top, bottom), so padding {q} (rows, columns) is F.pad(X, (q_w, q_w, q_h, q_h))",
                f"填充加错了方向：F.pad 的列表从最后一维开始，依次是（左、右、上、下），所以 padding {q}（行、列）"
                "要写成 F.pad(X, (q_w, q_w, q_h, q_h))"),
        Mistake(lambda a: stride is not None and _pair(stride) != window
                and close(a, _nn_maxpool(X, pool_size, padding, None)),
                f"the given stride {stride} was ignored: the window's size is the stride only when stride is None",
                f"忽略了给定的步幅 {stride}：只有 stride 为 None 时步幅才等于窗口大小"),
        Mistake(lambda a: stride is not None and _pair(stride) != (1, 1) and close(a, every_window),
                f"the given stride {stride} was ignored (every window of stride 1 was kept): keep every s-th window, "
                "Y[::s_h, ::s_w]", f"忽略了给定的步幅 {stride}（保留了步幅 1 的所有窗口）：每隔 s 个窗口取一个，"
                "Y[::s_h, ::s_w]"),
        Mistake(lambda a: stride is None and close(a, _nn_maxpool(X, pool_size, padding, 1)),
                "stride=None means a stride equal to the window, as in nn.MaxPool2d (the book's nn.MaxPool2d(3) on a "
                "4 x 4 X gives one number): s = pool_size when stride is None",
                "stride=None 表示步幅等于窗口大小，与 nn.MaxPool2d 相同"
                "（书中 nn.MaxPool2d(3) 作用于 4 x 4 的 X 只得到一个数）"),
        Mistake(lambda a: q != (0, 0) and close(a, _nn_maxpool(zero_padded, pool_size, 0, stride)),
                "padded with zeros: a padded 0 beats the negative values at the border; pad with float('-inf'), "
                "which never wins a max",
                "用 0 填充了：填充的 0 会大于边界上的负数；应填充 float('-inf')，它永远不会是最大值"),
        Mistake(lambda a: q != (0, 0) and close(a, _nn_maxpool(X, pool_size, 0, stride)),
                "padding was ignored: add padding rows at the top and bottom and padding columns on the left and "
                "right first", "忽略了填充：先在上下各加 padding 行、左右各加 padding 列"),
    ]


def _check_maxpool(impl, X, pool_size, padding, stride):
    __tracebackhide__ = True
    expected = _nn_maxpool(X, pool_size, padding, stride)
    expect_tensor(impl.maxpool2d(X, pool_size, padding, stride), expected,
                  f"maxpool2d(X {fmt_shape(X.shape)}, pool_size={pool_size}, padding={padding}, stride={stride}), "
                  "compared with nn.MaxPool2d", mistakes=_maxpool_mistakes(X, pool_size, padding, stride))


@exercise("maxpool2d")
def test_maxpool2d_book_examples(impl):
    X = torch.arange(16, dtype=torch.float32).reshape((4, 4))
    # d2l's three, then a given stride of 1: in d2l's (3, 1, 2) a stride of 3 happens to pick the same maxima
    for pool_size, padding, stride in [(3, 0, None), (3, 1, 2), ((2, 3), (0, 1), (2, 3)), (2, 1, 1)]:
        _check_maxpool(impl, X, pool_size, padding, stride)


@exercise("maxpool2d")
@pytest.mark.parametrize("stride", ["default", "given"])
def test_maxpool2d_random(impl, device, stride):
    pool = (random.randint(2, 4), random.randint(2, 4))
    padding = (random.randint(0, pool[0] // 2), random.randint(1, pool[1] // 2))  # nn.MaxPool2d: at most half
    X = torch.randn(random.randint(pool[0] + 2, 11), random.randint(pool[1] + 2, 11), device=device) - 2  # mostly < 0
    s = None if stride == "default" else random.choice([(a, b) for a in range(1, 4) for b in range(1, 4)
                                                         if (a, b) != pool])  # a given stride unlike the default
    pool_size = pool[0] if pool[0] == pool[1] else pool
    _check_maxpool(impl, X, pool_size, padding, s)


# --- pool2d_multi_channel --------------------------------------------------------------------


@exercise("pool2d_multi_channel")
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool2d_multi_channel(impl, device, mode):
    c, h, w = random.randint(2, 4), random.randint(4, 8), random.randint(4, 8)
    pool_size = (random.randint(1, 3), random.randint(2, 3))
    X = torch.randn(c, h, w, device=device)
    expected = torch.stack([_pool(x, pool_size, mode) for x in X])
    other = "avg" if mode == "max" else "max"
    expect_tensor(impl.pool2d_multi_channel(X, pool_size, mode), expected,
                  f"pool2d_multi_channel(X {fmt_shape(X.shape)}, {pool_size}, {mode!r})", mistakes=[
                      Mistake(lambda a: isinstance(a, (list, tuple)), "a list came back: torch.stack the c maps into "
                              "one (c, h', w') tensor",
                              "返回的是列表：用 torch.stack 把 c 张图堆成一个 (c, h', w') 张量"),
                      Mistake(lambda a: tuple(a.shape) == tuple(expected.shape[1:]), "one map came back for "
                              f"{c} channels: pooling does not add up (or mix) the channels as a convolution does; "
                              "pool each channel on its own and stack the c results",
                              f"{c} 个通道只返回了一张图：汇聚层不像卷积那样把通道相加（或混合）；"
                              "应对每个通道单独汇聚，再把 c 个结果堆叠起来"),
                      Mistake(lambda a: close(a, torch.stack([_pool(x, pool_size, other) for x in X])),
                              "mode was not passed on: pool2d(x, pool_size, mode)",
                              "没有传入 mode：pool2d(x, pool_size, mode)"),
                  ])
