"""d2l 11.1 Optimization and deep learning (优化和深度学习): minima, local minima and saddle points, in pictures."""

import torch

from katas.plotting import pyplot


def f(x):
    """The risk (given): x cos(pi x)."""
    return x * torch.cos(torch.pi * x)


def annotate(text, xy, xytext):
    """Annotate the current axes: text at xytext, with an arrow ('->') pointing at xy."""
    pyplot().gca().annotate(text, xy=xy, xytext=xytext, arrowprops=dict(arrowstyle="->"))


def show_local_minimum():
    """A new figure: f over [-1, 2) in steps of 0.01, its local minimum and its global minimum annotated."""
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    x = torch.arange(-1.0, 2.0, 0.01)
    plt.plot(x, f(x))
    plt.xlabel("x")
    plt.ylabel("f(x)")
    annotate("local minimum", (-0.3, -0.25), (-0.77, -1.0))
    annotate("global minimum", (1.1, -0.95), (0.6, 0.8))


def show_saddle_point():
    """A new figure: x ** 3 over [-2, 2) in steps of 0.01, its saddle point at 0 annotated."""
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    x = torch.arange(-2.0, 2.0, 0.01)
    plt.plot(x, x ** 3)
    plt.xlabel("x")
    plt.ylabel("f(x)")
    annotate("saddle point", (0, -0.2), (-0.52, -5.0))
