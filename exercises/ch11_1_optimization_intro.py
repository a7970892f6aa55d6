"""d2l 11.1 Optimization and deep learning (优化和深度学习): minima, local minima and saddle points, in pictures.

Draw with pyplot() (from katas.plotting: inline in Jupyter, saved to a PNG elsewhere); the tests save what
you drew under .katas/plots/. annotate is d2l's (saved in d2l/torch.py).
用 pyplot() 画图；测试会把图保存到 .katas/plots/ 下。
"""

import torch

from katas.plotting import pyplot


def f(x):
    """The risk (given): x cos(pi x)."""
    return x * torch.cos(torch.pi * x)


def annotate(text, xy, xytext):
    """Annotate the current axes (pyplot().gca()): text at xytext, with an arrow pointing at xy,
    arrowprops=dict(arrowstyle='->').

    在当前坐标轴上标注：文字在 xytext，箭头（'->'）指向 xy。
    Check: python grade.py annotate
    """
    # TODO
    raise NotImplementedError


def show_local_minimum():
    """Draw a new figure: f over torch.arange(-1.0, 2.0, 0.01), with annotate('local minimum', (-0.3, -0.25),
    (-0.77, -1.0)) and annotate('global minimum', (1.1, -0.95), (0.6, 0.8)), as d2l.

    新建图：画出 f，并标注局部最小值和全局最小值。
    Check: python grade.py show_local_minimum
    """
    # TODO
    raise NotImplementedError


def show_saddle_point():
    """Draw a new figure: x ** 3 over torch.arange(-2.0, 2.0, 0.01), with annotate('saddle point', (0, -0.2),
    (-0.52, -5.0)), as d2l.

    新建图：画出 x ** 3，并标注鞍点。
    Check: python grade.py show_saddle_point
    """
    # TODO
    raise NotImplementedError
