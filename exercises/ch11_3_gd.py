"""d2l 11.3 Gradient descent (梯度下降): one dimension, two dimensions, and Newton's method.

As in the book, gd_2d reads the global eta and newton reads the globals f_grad and f_hess (given: d2l's
convex example cosh(0.5 x)); the tests set them to each of the book's examples in turn. The pictures a
test draws are saved under .katas/plots/. Newton's lesson: on the non-convex x cos(0.15 pi x), newton(1)
ends at a maximum (x = 26.8, where f'' < 0: the step goes uphill), newton(0.5) at the minimum near 7.27.
和书中一样，gd_2d 读取全局变量 eta，newton 读取全局的 f_grad 和 f_hess（已给出 d2l 的凸函数例子）。
非凸函数上 newton(1) 停在极大值（f'' < 0），newton(0.5) 才到达极小值。
"""

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
    """Ten steps of gradient descent on f from x = 10.0: x -= eta * f_grad(x). Return results, the 11 values
    of x (the start and each step's), as Python floats.

    从 x = 10.0 开始做 10 步梯度下降，返回 11 个 x 值（浮点数）。
    Check: python grade.py gd
    """
    # TODO
    raise NotImplementedError


def show_trace(results, f):
    """Draw a new figure: f over [-n, n] in steps of 0.01 as a line, n the largest |x| in results, and the
    points (x, f(x)) of results joined ('-o'), with pyplot() (from katas.plotting). f takes a tensor.

    画出 f 在 [-n, n] 上的曲线，以及 results 中各点 (x, f(x)) 的连线（'-o'）。
    Check: python grade.py show_trace
    """
    # TODO
    raise NotImplementedError


def train_2d(trainer, steps=20, f_grad=None):
    """From (x1, x2, s1, s2) = (-5, -2, 0, 0), call trainer(x1, x2, s1, s2, f_grad) (or trainer(x1, x2, s1, s2)
    when f_grad is None) steps times, each call returning the next (x1, x2, s1, s2). Return results, the
    steps + 1 points (x1, x2), the start first.

    Check: python grade.py train_2d
    """
    # TODO
    raise NotImplementedError


def show_trace_2d(f, results):
    """Draw a new figure: the points of results joined ('-o', color '#ff7f0e') over plt.contour of f on the
    grid torch.meshgrid(torch.arange(-5.5, 1.0, 0.1), torch.arange(-3.0, 1.0, 0.1), indexing='ij').

    Check: python grade.py show_trace_2d
    """
    # TODO
    raise NotImplementedError


def gd_2d(x1, x2, s1, s2, f_grad):
    """One gradient-descent step of both coordinates with the global eta: (x1 - eta * g1, x2 - eta * g2, 0, 0)
    where (g1, g2) = f_grad(x1, x2). Gradient descent keeps no state: s1, s2 come back as 0.

    Check: python grade.py gd_2d
    """
    # TODO
    raise NotImplementedError


def newton(eta=1):
    """Ten steps of Newton's method from x = 10.0: x -= eta * f_grad(x) / f_hess(x), with the module's
    globals f_grad and f_hess. Return the 11 values of x as Python floats.

    牛顿法：x -= eta * f_grad(x) / f_hess(x)，共 10 步，返回 11 个 x 值。
    Check: python grade.py newton
    """
    # TODO
    raise NotImplementedError
