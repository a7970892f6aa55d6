"""Graded tests for d2l 10.6, PositionalEncoding: P built once, sin on even columns and cos on odd ones, added
at the input's length and on its device, then dropout."""

import random

import pytest
import torch

from katas.attncheck import dropout_matters, variant
from katas.checks import expect, expect_tensor, fail, fmt_shape
from katas.testkit import build

exercise = pytest.mark.exercise


def _P(max_len, h, *, swap=False, exponent=None):
    """d2l's P, or one of the classic mistakes: sin and cos swapped, another exponent than 2j / num_hiddens."""
    pos = torch.arange(max_len, dtype=torch.float32).reshape(-1, 1)
    two_j = torch.arange(0, h, 2, dtype=torch.float32)
    X = pos / torch.pow(10000, exponent(two_j, h) if exponent else two_j / h)
    P = torch.zeros((1, max_len, h))
    P[:, :, 0::2], P[:, :, 1::2] = (torch.cos(X), torch.sin(X)) if swap else (torch.sin(X), torch.cos(X))
    return P


def _p_mistakes(max_len, h):
    """(P, English, 中文) for each classic mistake in building P."""
    return [
        (_P(max_len, h, swap=True), "sin and cos are swapped: sin goes to the even columns, P[:, :, 0::2], cos to the "
         "odd ones, P[:, :, 1::2]", "sin 和 cos 放反了：偶数列 P[:, :, 0::2] 用 sin，奇数列 P[:, :, 1::2] 用 cos"),
        (_P(max_len, h, exponent=lambda j, h: j), "the frequencies' exponent is not divided by num_hiddens: position / "
         "10000 ** (2j / num_hiddens), torch.arange(0, num_hiddens, 2) / num_hiddens",
         "频率的指数没有除以 num_hiddens：position / 10000 ** (2j / num_hiddens)，即 torch.arange(0, num_hiddens, 2) / "
         "num_hiddens"),
        (_P(max_len, h, exponent=lambda j, h: j / 2 / h), "the frequencies' exponent uses j, not 2j: "
         "torch.arange(0, num_hiddens, 2) (steps of 2) divided by num_hiddens",
         "频率的指数用了 j 而不是 2j：应为 torch.arange(0, num_hiddens, 2)（步长 2）除以 num_hiddens"),
        (_P(max_len, h, exponent=lambda j, h: 2 * j / h), "the frequencies' exponent counts 2j twice: "
         "torch.arange(0, num_hiddens, 2) already holds 2j; divide it by num_hiddens",
         "频率的指数把 2j 算了两次：torch.arange(0, num_hiddens, 2) 已经是 2j，直接除以 num_hiddens"),
    ]


@exercise("PositionalEncoding")
def test_positional_encoding_P(impl):
    h, max_len = 2 * random.randint(3, 16), random.randint(60, 120)
    pe = build(impl.PositionalEncoding, h, 0, max_len)
    P = getattr(pe, "P", None)
    expect(torch.is_tensor(P), f"PositionalEncoding({h}, 0, max_len={max_len}) has no tensor self.P: build it once, "
           "in __init__, as (1, max_len, num_hiddens)", "PositionalEncoding 没有张量 self.P：在 __init__ 中构造一次，"
           "形状 (1, max_len, num_hiddens)")
    expect_tensor(P, _P(max_len, h), f"PositionalEncoding({h}, 0, max_len={max_len}).P", atol=1e-4,
                  mistakes=[variant(P, en, zh) for P, en, zh in _p_mistakes(max_len, h)])


@exercise("PositionalEncoding")
def test_positional_encoding_forward(impl, device):
    h, steps, batch = 2 * random.randint(3, 16), random.randint(5, 40), random.randint(2, 4)
    pe = build(impl.PositionalEncoding, h, 0).eval()
    X = torch.randn(batch, steps, h, device=device)
    what = f"PositionalEncoding({h}, 0) on X {fmt_shape(X.shape)}"
    try:
        out = pe(X)
    except NotImplementedError:
        raise
    except RuntimeError as e:
        if "same device" in str(e) or "meta" in str(e):
            fail(f"{what}: P is on the CPU while X is on {X.device.type}: add self.P[:, :X.shape[1], :].to(X.device) "
                 f"({e})", f"{what}：P 在 CPU 上而 X 不在：加上 self.P[:, :X.shape[1], :].to(X.device)（{e}）")
        if "must match the size" in str(e):
            fail(f"{what}: P was added at another length than X's {steps} steps: take its first X.shape[1] "
                 f"positions, self.P[:, :X.shape[1], :] ({e})",
                 f"{what}：加上的 P 长度与 X 的 {steps} 步不同：取前 X.shape[1] 个位置，self.P[:, :X.shape[1], "
                 f":]（{e}）")
        raise
    want = X + _P(1000, h)[:, :steps].to(X.device)
    mistakes = [variant(X.cpu() + P[:, :steps], en, zh) for P, en, zh in _p_mistakes(1000, h)]
    mistakes.append(variant(X.cpu() + _P(1000, h)[:, 1: steps + 1], "P starts at position 1: positions count from 0, "
                            "self.P[:, :X.shape[1], :]", "P 从位置 1 开始了：位置从 0 数起，self.P[:, :X.shape[1], :]"))
    expect_tensor(out, want, what, atol=1e-4, mistakes=mistakes)


@exercise("PositionalEncoding")
def test_positional_encoding_dropout(impl):
    X = torch.randn(2, 7, 8)
    dropout_matters(lambda: impl.PositionalEncoding(8, 0.5), lambda net: net(X), "PositionalEncoding(8, dropout=0.5)")
