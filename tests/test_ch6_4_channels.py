"""Graded tests for d2l 6.4, multiple input and multiple output channels."""

import random

import pytest
import torch
from torch.nn import functional as F

from katas.checks import Mistake, close, expect_tensor, fmt_shape

exercise = pytest.mark.exercise


def _sizes():
    h, w = random.randint(3, 7), random.randint(3, 7)
    return h, w, random.randint(1, min(h, 3)), random.randint(2, min(w, 3))


def _returned_a_list(what):
    return Mistake(lambda a: isinstance(a, (list, tuple)), f"a list came back: {what}",
                   f"返回的是列表：{what}")


# --- corr2d_multi_in -------------------------------------------------------------------------


def _multi_in_mistakes(X, K, expected):
    per_channel = torch.stack([F.conv2d(x[None, None], k[None, None])[0, 0] for x, k in zip(X, K, strict=True)])
    return [
        _returned_a_list("add the per-channel maps up, sum(d2l.corr2d(x, k) for x, k in zip(X, K))"),
        Mistake(lambda a: tuple(a.shape) == tuple(per_channel.shape), "one map per input channel came back: "
                "corr2d_multi_in must add the c_i maps into one",
                "返回了每个输入通道各一张图：应把 c_i 张图相加成一张"),
        Mistake(lambda a: a.dim() == 0, "everything was summed to one number: add the c_i maps elementwise, "
                "sum(...) over the generator or torch.stack(maps).sum(0)",
                "全部加成了一个数：应逐元素相加 c_i 张图，对生成器用 sum(...) 或 torch.stack(maps).sum(0)"),
        Mistake(lambda a: close(a, expected / len(X)), "the channels were averaged: add them up, do not divide by c_i",
                "对通道取了平均：应该相加，不要除以 c_i"),
        Mistake(lambda a: close(a, F.conv2d(X.sum(0)[None, None], K.sum(0)[None, None])[0, 0]), "every channel of "
                "X met every channel of K (two nested loops): channel i of X goes with channel i of K only, "
                "sum(d2l.corr2d(x, k) for x, k in zip(X, K))",
                "X 的每个通道都和 K 的每个通道相乘了（两层循环）：X 的第 i 个通道只和 K 的第 i 个通道配对，"
                "sum(d2l.corr2d(x, k) for x, k in zip(X, K))"),
        Mistake(lambda a: len(X) > 2 and close(a, per_channel[:-1].sum(0)),
                f"the last of the {len(X)} channels was left out: a loop over range(X.shape[0] - 1) stops one short; "
                "zip(X, K) walks every channel",
                f"{len(X)} 个通道中漏掉了最后一个：range(X.shape[0] - 1) 少走了一步；zip(X, K) 会遍历每个通道"),
        Mistake(lambda a: close(a, per_channel[0]), "only the first channel counted (a return inside the loop, or "
                "a loop that stops one short of the channels): add the maps of all c_i channels, zip(X, K)",
                "只算了第一个通道（循环里提前 return，或循环少走了一步）：要把所有 c_i 个通道的结果相加，zip(X, K)"),
    ]


@exercise("corr2d_multi_in")
def test_corr2d_multi_in_book_example(impl):
    X = torch.tensor([[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
                      [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]])
    K = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
    expected = torch.tensor([[56.0, 72.0], [104.0, 120.0]])
    expect_tensor(impl.corr2d_multi_in(X, K), expected, "corr2d_multi_in on d2l's two-channel example",
                  mistakes=_multi_in_mistakes(X, K, expected))


@exercise("corr2d_multi_in")
def test_corr2d_multi_in(impl, device):
    h, w, kh, kw = _sizes()
    c_i = random.randint(2, 4)
    X, K = torch.randn(c_i, h, w, device=device), torch.randn(c_i, kh, kw, device=device)
    expected = F.conv2d(X[None], K[None])[0, 0]
    expect_tensor(impl.corr2d_multi_in(X, K), expected,
                  f"corr2d_multi_in(X {fmt_shape(X.shape)}, K {fmt_shape(K.shape)})",
                  mistakes=_multi_in_mistakes(X, K, expected))


# --- corr2d_multi_in_out ---------------------------------------------------------------------


@exercise("corr2d_multi_in_out")
def test_corr2d_multi_in_out(impl, device):
    h, w, kh, kw = _sizes()
    # c_o differs from the output's height and width, so channels stacked last show in the shape
    c_i, c_o = random.randint(1, 3), random.choice([k for k in range(2, 5) if k not in (h - kh + 1, w - kw + 1)])
    X, K = torch.randn(c_i, h, w, device=device), torch.randn(c_o, c_i, kh, kw, device=device)
    expected = F.conv2d(X[None], K)[0]
    _, oh, ow = expected.shape
    expect_tensor(impl.corr2d_multi_in_out(X, K), expected,
                  f"corr2d_multi_in_out(X {fmt_shape(X.shape)}, K {fmt_shape(K.shape)})", mistakes=[
                      _returned_a_list("torch.stack(maps, 0) turns the c_o maps into one (c_o, h', w') tensor"),
                      Mistake(lambda a: tuple(a.shape) == (c_o * oh, ow), "torch.cat joins the maps along an existing "
                              "dimension: torch.stack(maps, 0) adds the new channel dimension",
                              "torch.cat 沿已有的维度拼接：torch.stack(maps, 0) 才会新增通道维"),
                      Mistake(lambda a: tuple(a.shape) in ((oh, ow, c_o), (oh, c_o, ow)) and (oh, ow) != (c_o, oh),
                              "the channels were stacked along the wrong dimension: torch.stack(maps, 0), "
                              "channels first",
                              "通道堆叠的维度不对：torch.stack(maps, 0)，通道在第 0 维"),
                      Mistake(lambda a: tuple(a.shape) == (c_o - 1, oh, ow), f"{c_o - 1} output channels for "
                              f"{c_o} kernels: the loop over K stops one short; one channel per K[o], "
                              "[corr2d_multi_in(X, k) for k in K]",
                              f"{c_o} 个卷积核只得到 {c_o - 1} 个输出通道：遍历 K 的循环少走了一步；"
                              "每个 K[o] 一个通道，[corr2d_multi_in(X, k) for k in K]"),
                      Mistake(lambda a: close(a, expected.sum(0)), "the c_o outputs were added up: stack them, one "
                              "output channel per kernel K[o]",
                              "c_o 个输出被加在了一起：应堆叠起来，每个 K[o] 一个输出通道"),
                  ])


# --- corr2d_multi_in_out_1x1 -----------------------------------------------------------------


@exercise("corr2d_multi_in_out_1x1")
def test_corr2d_multi_in_out_1x1(impl, ref, device):
    h = random.randint(2, 6)
    w = random.choice([k for k in range(2, 7) if k != h])
    c_i = random.randint(2, 4)
    c_o = random.choice([k for k in range(2, 5) if k != c_i])
    X, K = torch.randn(c_i, h, w, device=device), torch.randn(c_o, c_i, 1, 1, device=device)
    expected = ref.corr2d_multi_in_out(X, K)  # the general cross-correlation: the 1x1 version must equal it
    Xm, Km = X.reshape(c_i, h * w), K.reshape(c_o, c_i)
    expect_tensor(impl.corr2d_multi_in_out_1x1(X, K), expected,
                  f"corr2d_multi_in_out_1x1(X {fmt_shape(X.shape)}, K {fmt_shape(K.shape)}), compared with "
                  "corr2d_multi_in_out", mistakes=[
                      Mistake(lambda a: close(a, (K.reshape(c_i, c_o).T @ Xm).reshape(c_o, h, w)),
                              "K reshaped to (c_i, c_o) and transposed is not K's matrix: reshape K to (c_o, c_i), "
                              "one row per output channel, and compute K @ X",
                              "把 K 变形为 (c_i, c_o) 再转置并不是 K 的矩阵：应变形为 (c_o, c_i)（每个输出通道一行），"
                              "再算 K @ X"),
                      Mistake(lambda a: close(a, (Xm.T @ Km.T).reshape(c_o, h, w)),
                              "the (h * w, c_o) product was reshaped to (c_o, h, w) without transposing it: compute "
                              "K @ X, (c_o, c_i) @ (c_i, h * w), so each row is one output channel",
                              "(h * w, c_o) 的乘积没有转置就变形成了 (c_o, h, w)："
                              "应计算 K @ X，即 (c_o, c_i) @ (c_i, h * w)，每行是一个输出通道"),
                      Mistake(lambda a: close(a, (X.reshape(h * w, c_i) @ Km.T).T.reshape(c_o, h, w)),
                              "X.reshape((h * w, c_i)) is not X's transpose: reshape X to (c_i, h * w), one row per "
                              "input channel",
                              "X.reshape((h * w, c_i)) 并不是 X 的转置：应变形为 (c_i, h * w)，每行一个输入通道"),
                      Mistake(lambda a: tuple(a.shape) == (c_o, w, h), "reshape the result to (c_o, h, w)",
                              "结果应变形为 (c_o, h, w)"),
                  ])
