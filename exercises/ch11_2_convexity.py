"""d2l 11.2 Convexity (凸性): Jensen's inequality, checked numerically on the chapter's examples.

f is convex on a set when every chord lies above the graph: for a, b in the set and lam in [0, 1],
lam * f(a) + (1 - lam) * f(b) >= f(lam * a + (1 - lam) * b). Random points cannot prove it, but one
point where it fails proves f is not convex there.
凸函数的弦总在图像上方（Jensen 不等式）。随机取点不能证明凸性，但一个反例就能否定它。
"""

import torch


def f(x):
    """0.5 x^2: convex (given)."""
    return 0.5 * x ** 2


def g(x):
    """cos(pi x): not convex (given)."""
    return torch.cos(torch.pi * x)


def h(x):
    """exp(0.5 x): convex (given)."""
    return torch.exp(0.5 * x)


def jensen_gap(f, a, b, lam):
    """Return lam * f(a) + (1 - lam) * f(b) - f(lam * a + (1 - lam) * b), elementwise on tensors a, b, lam
    (the chord's height minus the function's at the same point: never negative when f is convex).

    返回弦的高度减去函数值：lam * f(a) + (1 - lam) * f(b) - f(lam * a + (1 - lam) * b)。
    Check: python grade.py jensen_gap
    """
    # TODO
    raise NotImplementedError


def looks_convex(f, lo, hi, n=1000):
    """Return True when jensen_gap(f, a, b, lam) >= -1e-6 at n random points: a and b uniform in [lo, hi], lam
    uniform in [0, 1] (float64 tensors of n values each); False when some point breaks it.

    在 [lo, hi] 上随机取 n 组 (a, b, lam)，Jensen 不等式处处成立（容差 1e-6）则返回 True。
    Check: python grade.py looks_convex
    """
    # TODO
    raise NotImplementedError
