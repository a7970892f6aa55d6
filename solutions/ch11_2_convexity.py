"""d2l 11.2 Convexity (凸性): Jensen's inequality, checked numerically on the chapter's examples."""

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
    """lam * f(a) + (1 - lam) * f(b) - f(lam * a + (1 - lam) * b), elementwise: never negative when f is convex."""
    return lam * f(a) + (1 - lam) * f(b) - f(lam * a + (1 - lam) * b)


def looks_convex(f, lo, hi, n=1000):
    """Whether Jensen's inequality holds (within 1e-6) at n random (a, b, lam), a and b in [lo, hi], lam in [0, 1]."""
    a = torch.rand(n, dtype=torch.float64) * (hi - lo) + lo
    b = torch.rand(n, dtype=torch.float64) * (hi - lo) + lo
    lam = torch.rand(n, dtype=torch.float64)
    return bool((jensen_gap(f, a, b, lam) >= -1e-6).all())
