"""Graded tests for d2l 11.2, convexity: Jensen's gap, and a numerical check of the chapter's examples."""

import math
import random

import pytest
import torch

from katas.checks import Mistake, close, expect, expect_tensor
from katas.testkit import unseen

exercise = pytest.mark.exercise


def _quartic(x):
    return x ** 4 - x ** 2


@exercise("jensen_gap")
def test_jensen_gap(impl):
    n = random.randint(5, 20)
    a, b = torch.randn(n, dtype=torch.float64), torch.randn(n, dtype=torch.float64)
    lam = torch.rand(n, dtype=torch.float64)
    got = impl.jensen_gap(_quartic, a, b, lam)
    want = lam * _quartic(a) + (1 - lam) * _quartic(b) - _quartic(lam * a + (1 - lam) * b)
    expect_tensor(got, want, "jensen_gap(x ** 4 - x ** 2, a, b, lam)", mistakes=[
        Mistake(lambda r: close(r, -want), "the sign is reversed: the chord minus the function, "
                "lam * f(a) + (1 - lam) * f(b) - f(lam * a + (1 - lam) * b)",
                "符号反了：应为弦减去函数值，lam * f(a) + (1 - lam) * f(b) - f(lam * a + (1 - lam) * b)"),
        Mistake(lambda r: close(r, lam * _quartic(a) + (1 - lam) * _quartic(b) - _quartic(lam * b + (1 - lam) * a)),
                "lam weighs a on the chord but b inside f: the point is lam * a + (1 - lam) * b in both",
                "弦上 lam 乘的是 a，函数里却乘了 b：两处的点都是 lam * a + (1 - lam) * b"),
    ])


@exercise("looks_convex")
def test_looks_convex_on_the_books_examples(impl):
    cases = [("0.5 x^2", lambda x: 0.5 * x ** 2, -3, 3, True),
             ("exp(0.5 x)", lambda x: torch.exp(0.5 * x), -2, 2, True),
             ("cos(pi x)", lambda x: torch.cos(math.pi * x), -2, 2, False),
             ("cos(pi x)", lambda x: torch.cos(math.pi * x), -0.4, 0.4, False),  # concave there
             ("cos(pi x)", lambda x: torch.cos(math.pi * x), 0.6, 1.4, True),  # convex around its minimum at 1
             ("x^4 - x^2", _quartic, -1, 1, False), ("|x|", torch.abs, -1, 1, True),
             # where the end point against the midpoint says the opposite of Jensen's inequality
             ("x^3", lambda x: x ** 3, -1, 1, False), ("exp(-x)", lambda x: torch.exp(-x), -2, 2, True)]
    draw = unseen()  # what the test's seed does not give: red team I41 replayed the 9 answers in order, I42 looked
    for convex in (True, False) * 3:  # them up by (lo, hi, f(0.3)); 3 convex and 3 concave parabolas of its own
        a, c = round(draw.uniform(0.5, 2) * (1 if convex else -1), 2), round(draw.uniform(-2, 2), 2)
        lo = round(draw.uniform(-3, 1), 2)
        name = f"{a} (x {'-' if c >= 0 else '+'} {abs(c)})^2"
        cases.append((name, lambda x, a=a, c=c: a * (x - c) ** 2, lo, round(lo + draw.uniform(1, 3), 2), convex))
    for _ in range(3):  # convex at the midpoint, concave at both ends (I43: one second difference at the midpoint)
        a, w, m = round(draw.uniform(0.5, 2), 2), round(draw.uniform(1, 3), 2), round(draw.uniform(-1, 1), 2)
        half = round(draw.uniform(0.8, 1.2) * math.pi / w, 2)
        cases.append((f"-{a} cos({w} (x - {m}))", lambda x, a=a, w=w, m=m: -a * torch.cos(w * (x - m)),
                      round(m - half, 2), round(m + half, 2), False))
    cases *= 2  # each twice, in an order no seed gives: an answer by position is right once in millions of orders
    draw.shuffle(cases)
    got_all = []
    for _, fn, lo, hi, _ in cases:
        got = impl.looks_convex(fn, lo, hi)
        expect(isinstance(got, bool) or (torch.is_tensor(got) and got.numel() == 1),
               f"looks_convex returned {type(got).__name__}: return True or False (bool(...all()))",
               f"looks_convex 返回了 {type(got).__name__}：应返回 True 或 False")
        got_all.append(bool(got))
    f64 = torch.float64
    ends = [bool(fn(torch.tensor(float(hi), dtype=f64)) > fn(torch.tensor((lo + hi) / 2, dtype=f64)))
            for _, fn, lo, hi, _ in cases]
    wants = [c[-1] for c in cases]
    expect(got_all == wants or got_all != ends,
           "Test Jensen's inequality at sampled points instead of comparing f(hi) with f((lo + hi) / 2): draw a, b in "
           "[lo, hi] and lam in [0, 1] and check f(lam * a + (1 - lam) * b) <= lam * f(a) + (1 - lam) * f(b) at every "
           "sample. Your answers follow f(hi) > f(midpoint), which is no convexity test: x^3 on [-1, 1] is not convex "
           "though f(1) > f(0), and exp(-x) on [-2, 2] is convex though f(2) < f(0)",
           "请在采样点上检验 Jensen 不等式，而不是比较 f(hi) 与 f((lo + hi) / 2)：在 [lo, hi] 中取 a、b，"
           "在 [0, 1] 中取 lam，检查每个样本都满足 f(lam * a + (1 - lam) * b) <= lam * f(a) + (1 - lam) * f(b)。"
           "你的答案与 f(hi) > f(中点) 一致，这不是凸性检验：x^3 在 [-1, 1] 上不是凸的，却有 f(1) > f(0)；"
           "exp(-x) 在 [-2, 2] 上是凸的，却有 f(2) < f(0)")
    for (name, _, lo, hi, want), got in zip(cases, got_all, strict=True):
        expect(got == want, f"looks_convex({name}, {lo}, {hi}) returned {got}: {name} is "
               f"{'convex' if want else 'not convex'} on [{lo}, {hi}] (test every sampled point: all(gap >= -1e-6); "
               "sample a and b over the whole interval)", f"looks_convex({name}, {lo}, {hi}) 返回了 {got}："
                                                          f"{name} 在 "
               f"[{lo}, {hi}] 上{'是' if want else '不是'}凸的")
