"""d2l 11.3 Gradient descent (梯度下降): one dimension, two dimensions, and Newton's method."""

import torch

from katas.plotting import pyplot

eta = 0.1  # gd_2d's learning rate: a global, as in d2l


def f(x):
    """The Newton examples' objective (given): d2l's convex cosh(c * x), c = 0.5."""
    return torch.cosh(c * x)


c = torch.tensor(0.5)


def f_grad(x):
    """f's derivative (given)."""
    return c * torch.sinh(c * x)


def f_hess(x):
    """f's second derivative (given)."""
    return c ** 2 * torch.cosh(c * x)


def gd(eta, f_grad):
    """Ten steps of gradient descent from x = 10.0: return the 11 values of x, as floats."""
    x = 10.0
    results = [x]
    for _ in range(10):
        x -= eta * f_grad(x)
        results.append(float(x))
    print(f"epoch 10, x: {x:f}")
    return results


def show_trace(results, f):
    """Plot f over [-n, n] (n the largest |x| in results) as a line, and the points of results on it ('-o')."""
    plt = pyplot()
    n = max(abs(min(results)), abs(max(results)))
    f_line = torch.arange(-n, n, 0.01)
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(f_line, [float(f(x)) for x in f_line], "-")
    plt.plot(results, [float(f(torch.tensor(x))) for x in results], "-o")
    plt.xlabel("x")
    plt.ylabel("f(x)")


def train_2d(trainer, steps=20, f_grad=None):
    """Optimize a 2D objective from (x1, x2, s1, s2) = (-5, -2, 0, 0) with trainer: return the steps + 1 points."""
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):  # noqa: B007 (d2l prints i after the loop)
        if f_grad:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    print(f"epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}")
    return results


def show_trace_2d(f, results):
    """Plot the points of results joined by lines ('-o') over f's contour lines on [-5.5, 1] x [-3, 1]."""
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(*zip(*results, strict=True), "-o", color="#ff7f0e")
    x1, x2 = torch.meshgrid(torch.arange(-5.5, 1.0, 0.1), torch.arange(-3.0, 1.0, 0.1), indexing="ij")
    plt.contour(x1, x2, f(x1, x2), colors="#1f77b4")
    plt.xlabel("x1")
    plt.ylabel("x2")


def gd_2d(x1, x2, s1, s2, f_grad):
    """One gradient step on both coordinates with the global eta; the states stay 0."""
    g1, g2 = f_grad(x1, x2)
    return (x1 - eta * g1, x2 - eta * g2, 0, 0)


def newton(eta=1):
    """Ten steps of Newton's method from x = 10.0 on the global f_grad and f_hess: return the 11 values of x."""
    x = 10.0
    results = [x]
    for _ in range(10):
        x -= eta * f_grad(x) / f_hess(x)
        results.append(float(x))
    print("epoch 10, x:", x)
    return results
