"""d2l 11.4 Stochastic gradient descent (随机梯度下降): noisy gradients and learning-rate schedules.

As in the book, sgd reads the globals eta and lr (the schedule: a function of no arguments), and the
schedules keep their step counter in the global t, defined outside them and advanced inside: a function
that assigns to a global needs `global t`, or Python takes t for a new local name (UnboundLocalError).
The pictures are show_trace_2d's (11.3): python grade.py 11.3 draws them.
和书中一样，sgd 读取全局变量 eta 和 lr（学习率调度函数）；调度函数的计数器 t 是全局变量，
在函数外定义、在函数内更新：给全局变量赋值要先写 `global t`，否则 Python 会把 t 当成新的局部变量。
"""

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
    """The constant schedule: return 1.

    Check: python grade.py constant_lr
    """
    # TODO
    raise NotImplementedError


lr = constant_lr  # sgd's schedule: a global, as in d2l


def sgd(x1, x2, s1, s2, f_grad):
    """One step of SGD on a simulated noisy gradient: (g1, g2) = f_grad(x1, x2), each plus its own
    torch.normal(0.0, 1, (1,)).item(); the rate is eta * lr() (call lr once per step: a schedule counts
    its calls). Return (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0).

    梯度加上各自独立的 N(0, 1) 噪声；学习率为 eta * lr()（每步调用一次 lr）。
    Check: python grade.py noisy_sgd
    """
    # TODO
    raise NotImplementedError


def exponential_lr():
    """Advance the global t by 1, then return math.exp(-0.1 * t).

    先把全局变量 t 加 1，再返回 math.exp(-0.1 * t)。
    Check: python grade.py exponential_lr
    """
    # TODO
    raise NotImplementedError


def polynomial_lr():
    """Advance the global t by 1, then return (1 + 0.1 * t) ** (-0.5).

    Check: python grade.py polynomial_lr
    """
    # TODO
    raise NotImplementedError
