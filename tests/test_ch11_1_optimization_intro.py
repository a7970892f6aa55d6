"""Graded tests for d2l 11.1: annotate, and the pictures of a local minimum and a saddle point."""

import random

import pytest
import torch

from katas.checks import close, expect, expect_tensor
from katas.plotting import pyplot
from katas.testkit import keep_picture

exercise = pytest.mark.exercise


def _annotations(fig):
    from matplotlib.text import Annotation

    return [a for ax in fig.axes for a in ax.get_children() if isinstance(a, Annotation)]


@exercise("annotate")
def test_annotate(impl, close_figures):
    plt = pyplot()
    plt.figure()
    plt.plot([0, 1], [0, 1])
    text = random.choice(["min", "minimum", "saddle"]) + str(random.randint(0, 99))
    xy, xytext = (random.uniform(0, 1), random.uniform(0, 1)), (random.uniform(0, 1), random.uniform(0, 1))
    impl.annotate(text, xy, xytext)
    found = [a for a in _annotations(plt.gcf()) if a.get_text() == text]
    expect(found, f"annotate({text!r}, ...) put no annotation with that text on the current axes: "
           "pyplot().gca().annotate(text, xy=xy, xytext=xytext, ...)", f"annotate({text!r}, ...) "
                                                                       "没有在当前坐标轴上加上该文字的标注")
    a = found[0]
    expect(tuple(a.xy) == tuple(xy), f"the arrow points at {tuple(a.xy)}, expected xy = {xy}: annotate(text, xy=xy, "
           "xytext=xytext)", f"箭头指向 {tuple(a.xy)}，应指向 xy = {xy}")
    expect(tuple(a.get_position()) == tuple(xytext), f"the text sits at {tuple(a.get_position())}, expected xytext = "
           f"{xytext}", f"文字位于 {tuple(a.get_position())}，应位于 xytext = {xytext}")
    expect(a.arrow_patch is not None, "the annotation has no arrow: arrowprops=dict(arrowstyle='->')",
           "标注没有箭头：arrowprops=dict(arrowstyle='->')")


def _check_picture(impl, name, fn, curve, formula, texts):
    """texts: each annotation's text -> the x its arrow points at (the book's points, within 0.25)."""
    plt = pyplot()
    before = plt.get_fignums()
    fn()
    expect(plt.get_fignums() != before, f"{name} drew into an existing figure: start a new one, plt.figure()",
           f"{name} 画在了已有的图上：先 plt.figure() 新建一张")
    fig = plt.gcf()
    lines = [ln for ax in fig.axes for ln in ax.get_lines()]
    xs, ys = curve
    match = [ln for ln in lines if len(ln.get_xdata()) == len(xs)]
    expect(match, f"{name} drew no curve over the {len(xs)} points of the book's range", f"{name} "
                                                                                         "没有画出书中范围内的曲线")
    expect_tensor(torch.tensor([float(v) for v in match[0].get_ydata()]), ys,
                  f"the curve {name} drew should be {formula}; it", dtype=False, atol=1e-4)
    got_x = torch.tensor([float(v) for v in match[0].get_xdata()], dtype=torch.float64)
    expect(close(got_x, xs, atol=1e-4), f"{name}'s curve is not drawn over the book's x values (its x runs from "
           f"{float(got_x[0]):.3g} to {float(got_x[-1]):.3g}): pass x itself first, plt.plot(x, {formula}) with "
           f"x = torch.arange({float(xs[0]):g}, {float(xs[-1]) + 0.01:.3g}, 0.01)",
           f"{name} 的曲线不是画在书中的 x 值上（其 x 从 {float(got_x[0]):.3g} 到 {float(got_x[-1]):.3g}）："
           f"先传 x 本身，plt.plot(x, {formula})，x = torch.arange({float(xs[0]):g}, {float(xs[-1]) + 0.01:.3g}, 0.01)")
    got = sorted(a.get_text() for a in _annotations(fig))
    expect(got == sorted(texts), f"{name} annotated {got}, expected {sorted(texts)}", f"{name} 的标注为 {got}，应为 "
                                                                                      f"{sorted(texts)}")
    for a in _annotations(fig):
        x = texts[a.get_text()]
        expect(abs(a.xy[0] - x) < 0.25, f"{name}'s arrow {a.get_text()!r} points at x = {a.xy[0]:g}, where f has no "
               f"{a.get_text()}: it is at x = {x:g} (the labels swapped?)", f"{name} 的箭头 {a.get_text()!r} 指向 "
               f"x = {a.xy[0]:g}，那里不是{a.get_text()}：它在 x = {x:g}（标注写反了？）")
        at = float(a.xy[0])
        height = float(ys[int(torch.argmin((xs - at).abs()))])  # the curve under the arrow's tip
        tol = 0.1 * float(ys.max() - ys.min())  # the book's arrows end a little below the curve
        expect(abs(a.xy[1] - height) < tol, f"{name}'s arrow {a.get_text()!r} points at height y = {a.xy[1]:g}, off "
               f"the curve: point it at the curve, xy = ({at:g}, about f({at:g}) = {height:.2g})",
               f"{name} 的箭头 {a.get_text()!r} 指向高度 y = {a.xy[1]:g}，不在曲线上：应指向曲线上的点，"
               f"xy = ({at:g}, 约 f({at:g}) = {height:.2g})")
    keep_picture(name, fig)


@exercise("show_local_minimum")
def test_show_local_minimum(impl, close_figures):
    x = torch.arange(-1.0, 2.0, 0.01)
    _check_picture(impl, "show_local_minimum", impl.show_local_minimum, (x, x * torch.cos(torch.pi * x)),
                   "x * cos(pi * x)", {"local minimum": -0.3, "global minimum": 1.1})


@exercise("show_saddle_point")
def test_show_saddle_point(impl, close_figures):
    x = torch.arange(-2.0, 2.0, 0.01)
    _check_picture(impl, "show_saddle_point", impl.show_saddle_point, (x, x ** 3), "x ** 3",
                   {"saddle point": 0.0})
