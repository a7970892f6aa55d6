"""d2l 11.4 Stochastic gradient descent (随机梯度下降): noisy gradients and learning-rate schedules."""

import math

import torch

eta = 0.1  # the base learning rate: a global, as in d2l
t = 1  # the schedules' step counter: a global that exponential_lr and polynomial_lr advance


def f(x1, x2):
    """The objective (given)."""
    return x1 ** 2 + 2 * x2 ** 2


def f_grad(x1, x2):
    """Its gradient (given)."""
    return 2 * x1, 4 * x2


def constant_lr():
    """The constant schedule: 1."""
    return 1


lr = constant_lr  # sgd's schedule: a global, as in d2l


def sgd(x1, x2, s1, s2, f_grad):
    """One step with a gradient plus N(0, 1) noise on each coordinate, at the rate eta * lr()."""
    g1, g2 = f_grad(x1, x2)
    g1 += torch.normal(0.0, 1, (1,)).item()  # simulate a noisy gradient
    g2 += torch.normal(0.0, 1, (1,)).item()
    eta_t = eta * lr()
    return (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0)


def exponential_lr():
    """Advance the global t, then return exp(-0.1 * t)."""
    global t
    t += 1
    return math.exp(-0.1 * t)


def polynomial_lr():
    """Advance the global t, then return (1 + 0.1 * t) ** -0.5."""
    global t
    t += 1
    return (1 + 0.1 * t) ** (-0.5)
