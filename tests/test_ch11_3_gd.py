"""Graded tests for d2l 11.3, gradient descent: gd and its trace, train_2d, gd_2d and its contour picture,
and Newton's method on the book's convex and non-convex examples."""

import math
import random

import pytest
import torch

from katas.checks import Mistake, close, expect, expect_tensor, fail
from katas.testkit import keep_picture, unseen

exercise = pytest.mark.exercise


def _floats(what, results, n):
    expect(isinstance(results, list) and len(results) == n, f"{what} returned {type(results).__name__} of "
           f"{len(results) if hasattr(results, '__len__') else '?'} values: return a list of the {n} values of x, "
           "the start included", f"{what} 返回了 {type(results).__name__}：应返回包含起点在内的 {n} 个 x 值的列表")
    expect(all(isinstance(v, float) for v in results), f"{what} returned {type(results[-1]).__name__} values: "
           "append float(x), as d2l, so the results are plain numbers", f"{what} 返回的值是 "
                                                                        f"{type(results[-1]).__name__}："
           "要像 d2l 一样 append(float(x))")
    return torch.tensor(results, dtype=torch.float64)


# --- gd ---------------------------------------------------------------------------------------


@exercise("gd")
def test_gd(impl):
    a = unseen().uniform(0.5, 2.0)  # f(x) = a x^2 / 2, a gradient of a * x: learner code learns it only through
    # f_grad (from random's state, which instructor mode's worker is given, a gd that never called it read it back:
    # red team I44)

    def f_grad(x):
        return a * x

    eta = random.uniform(0.05, 0.4)
    results = _floats(f"gd({eta:.3g}, f_grad)", impl.gd(eta, f_grad), 11)
    want = torch.tensor([10.0 * (1 - eta * a) ** k for k in range(11)], dtype=torch.float64)
    expect_tensor(results, want, f"gd({eta:.3g}, f_grad) for f_grad(x) = {a:.3g} x", mistakes=[
        Mistake(lambda r: close(r, torch.tensor([10.0 * (1 + eta * a) ** k for k in range(11)])),
                "x went up the gradient: x -= eta * f_grad(x)", "x 沿梯度方向增加了：x -= eta * f_grad(x)"),
        Mistake(lambda r: close(r[:10], want[1:]), "the start x = 10.0 is missing: results = [x] before the loop",
                "缺少起点 x = 10.0：循环前 results = [x]"),
    ])


# --- show_trace and show_trace_2d ---------------------------------------------------------------


def _lines(plt):
    return [ln for ax in plt.gcf().axes for ln in ax.get_lines()]


@exercise("show_trace")
def test_show_trace(impl, close_figures):
    from katas.plotting import pyplot

    plt = pyplot()
    results = [10.0 * 0.6 ** k for k in range(11)] if random.random() < 0.5 else [-10.0 * 0.6 ** k for k in range(11)]
    hidden = unseen()  # c reaches learner code only through f (red team I44, as in test_gd)
    c = hidden.uniform(0.3, 0.7) if hidden.random() < 0.5 else hidden.uniform(1.4, 2.0)  # not x ** 2 (red team I15)

    def f(x):
        return c * x ** 2

    impl.show_trace(results, f)
    lines = _lines(plt)
    trace = [ln for ln in lines if len(ln.get_xdata()) == len(results)
             and close(torch.tensor(list(ln.get_xdata()), dtype=torch.float64), torch.tensor(results))]
    expect(trace, "show_trace drew no line through the points of results: plt.plot(results, [f(x) for x in results], "
                  "'-o')",
           "show_trace 没有画出经过 results 各点的折线：plt.plot(results, [f(x) for x in results], '-o')")
    ys = torch.tensor([float(v) for v in trace[0].get_ydata()], dtype=torch.float64)
    expect_tensor(ys, c * torch.tensor(results, dtype=torch.float64) ** 2, f"the heights of show_trace's points "
                  f"for f(x) = {c:.3g} x ** 2", dtype=False, mistakes=[
                      Mistake(lambda y: close(y, torch.tensor(results, dtype=torch.float64) ** 2),
                              "the heights are x ** 2 whatever f is: call the f show_trace is given, f(x)",
                              "高度总是 x ** 2，与 f 无关：要调用传入的 f，f(x)")])
    curve = [ln for ln in lines if len(ln.get_xdata()) > 100]
    expect(curve, "show_trace drew no curve of f: plot f over torch.arange(-n, n, 0.01), n = max(|x|) of results",
           "show_trace 没有画出 f 的曲线：在 torch.arange(-n, n, 0.01) 上画 f，n 为 results 中最大的 |x|")
    xs = [float(v) for v in curve[0].get_xdata()]
    expect(min(xs) <= -9.9 and max(xs) >= 9.9, f"show_trace's curve of f spans [{min(xs):.3g}, {max(xs):.3g}]: "
           "span [-n, n], n the largest |x| in results, so the points sit on it", f"show_trace 画的 f 曲线范围为 "
           f"[{min(xs):.3g}, {max(xs):.3g}]：应为 [-n, n]，n 为 results 中最大的 |x|")
    cx = torch.tensor([float(v) for v in curve[0].get_xdata()], dtype=torch.float64)
    cy = torch.tensor([float(v) for v in curve[0].get_ydata()], dtype=torch.float64)
    expect(close(cy, c * cx ** 2, atol=1e-3, rtol=1e-3), "show_trace's curve is not f over its x values"
           f"{' (it is x ** 2, not the f given)' if close(cy, cx ** 2, atol=1e-3, rtol=1e-3) else ''}: plot "
           "f_line against [f(x) for x in f_line], calling the f show_trace is given",
           "show_trace 画的曲线不是 f 在其 x 值上的取值"
           f"{'（画的是 x ** 2，而不是传入的 f）' if close(cy, cx ** 2, atol=1e-3, rtol=1e-3) else ''}："
           "要画 f_line 对 [f(x) for x in f_line]，调用传入的 f")
    keep_picture("show_trace", plt.gcf())


def _f_2d(x1, x2):
    return x1 ** 2 + 2 * x2 ** 2


def _f_2d_grad(x1, x2):
    return (2 * x1, 4 * x2)


@exercise("show_trace_2d")
def test_show_trace_2d(impl, close_figures):
    from katas.plotting import pyplot

    plt = pyplot()
    results = [(-5 * 0.8 ** k, -2 * 0.6 ** k) for k in range(random.randint(8, 20))]
    impl.show_trace_2d(_f_2d, results)
    lines = _lines(plt)
    want = torch.tensor(results, dtype=torch.float64)  # both coordinates (red team I14 flattened x2 to 0)
    expect(any(len(ln.get_xdata()) == len(ln.get_ydata()) == len(results) and close(
        torch.tensor([list(ln.get_xdata()), list(ln.get_ydata())], dtype=torch.float64).T, want) for ln in lines),
           "show_trace_2d drew no line through the points (x1, x2) of results: plt.plot(*zip(*results), '-o')",
           "show_trace_2d 没有画出经过 results 各点 (x1, x2) 的折线：plt.plot(*zip(*results), '-o')")
    from matplotlib.collections import Collection, LineCollection, PathCollection
    from matplotlib.contour import ContourSet

    collections = [c for ax in plt.gcf().axes for c in ax.collections]
    if issubclass(ContourSet, Collection):  # matplotlib >= 3.8: a contour set is one collection (red team I15's
        contours = [c for c in collections if isinstance(c, ContourSet)]  # scatter point is another kind)
    else:  # older ones: a collection per level, a scatter's PathCollection among them
        contours = [c for c in collections if isinstance(c, LineCollection | PathCollection)]
    expect(contours, "show_trace_2d drew no contour lines of f: plt.contour(x1, x2, f(x1, x2)) on a meshgrid"
           f"{f' (it drew {len(collections)} other collection(s), a scatter?)' if collections else ''}",
           "show_trace_2d 没有画出 f 的等高线：在网格上 plt.contour(x1, x2, f(x1, x2))"
           f"{f'（画了 {len(collections)} 个别的集合，散点？）' if collections else ''}")
    # of f's values on [-5.5, 1] x [-3, 1] (red team I22 drew x1 * x2's): the grid's step may be the learner's
    spans = [(float(c.zmin), float(c.zmax)) for c in contours if hasattr(c, "zmin")]
    lo, hi = 0.0, _f_2d(-5.5, -3.0)
    expect(not spans or any(abs(a - lo) <= 0.5 and abs(b - hi) <= 2.0 for a, b in spans),
           f"show_trace_2d's contour lines are of values from {spans[0][0]:.3g} to {spans[0][1]:.3g}, where f's on "
           f"[-5.5, 1] x [-3, 1] go from {lo:.3g} to {hi:.3g}: draw f's, plt.contour(x1, x2, f(x1, x2))"
           if spans else "",
           f"show_trace_2d 的等高线取值从 {spans[0][0]:.3g} 到 {spans[0][1]:.3g}，而 f 在 [-5.5, 1] x [-3, 1] 上"
           f"从 {lo:.3g} 到 {hi:.3g}：请画 f 的等高线，plt.contour(x1, x2, f(x1, x2))" if spans else "")
    keep_picture("show_trace_2d", plt.gcf())


# --- train_2d and gd_2d -----------------------------------------------------------------------


@exercise("train_2d")
def test_train_2d(impl):
    steps = random.randint(5, 30)
    calls = []

    def trainer(x1, x2, s1, s2, f_grad=None):
        calls.append((x1, x2, s1, s2, f_grad))
        return x1 * 0.5, x2 * 0.5 + 1, s1 + 1, s2 + 2

    results = impl.train_2d(trainer, steps, f_grad=_f_2d_grad)
    expect(len(calls) == steps, f"train_2d(trainer, steps={steps}) called trainer {len(calls)} times: once per step",
           f"train_2d(trainer, steps={steps}) 调用了 trainer {len(calls)} 次：每步一次")
    expect(calls[0][:4] == (-5, -2, 0, 0), f"train_2d started trainer from {calls[0][:4]}: d2l starts at "
           "(x1, x2, s1, s2) = (-5, -2, 0, 0)", f"train_2d 的起点是 {calls[0][:4]}：d2l 从 (-5, -2, 0, 0) 开始")
    expect(all(c[4] is _f_2d_grad for c in calls), "train_2d did not pass f_grad to trainer: "
           "trainer(x1, x2, s1, s2, f_grad)", "train_2d 没有把 f_grad 传给 trainer：trainer(x1, x2, s1, s2, f_grad)")
    expect(calls[1][2:4] == (1, 2), "train_2d did not hand trainer's states s1, s2 back to it on the next step: "
           "x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)", "train_2d 没有把 trainer 返回的状态 s1, s2 "
                                                               "交回给下一步："
           "x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)")
    want = [(-5, -2)]
    for _ in range(steps):
        want.append((want[-1][0] * 0.5, want[-1][1] * 0.5 + 1))
    expect(isinstance(results, list) and len(results) == steps + 1,
           f"train_2d returned {len(results) if hasattr(results, '__len__') else results!r} points for {steps} steps: "
           f"the start and one per step, {steps + 1}", f"train_2d 走 {steps} 步返回了 "
           f"{len(results) if hasattr(results, '__len__') else results!r} 个点：起点加每步一个，共 {steps + 1} 个")
    expect_tensor(torch.tensor(results, dtype=torch.float64), torch.tensor(want, dtype=torch.float64),
                  "the points train_2d returned")
    calls.clear()
    impl.train_2d(lambda x1, x2, s1, s2: (calls.append(1) or x1, x2, s1, s2), 3)
    expect(len(calls) == 3, "train_2d without f_grad must call trainer(x1, x2, s1, s2)",
           "没有 f_grad 时 train_2d 应调用 trainer(x1, x2, s1, s2)")


@exercise("gd_2d")
def test_gd_2d(impl, monkeypatch, close_figures):
    eta = random.uniform(0.05, 0.3)
    monkeypatch.setattr(impl._module, "eta", eta)
    x1, x2 = random.uniform(-5, 5), random.uniform(-5, 5)
    hidden = unseen()  # the gradient's slopes, known to learner code only through f_grad: a gd_2d that ignored
    c1, c2 = hidden.uniform(0.5, 5.0), hidden.uniform(0.5, 5.0)  # f_grad and used the book's (2 x1, 4 x2) passed (red

    def f_grad(a, b):  # team I46)
        return c1 * a, c2 * b

    out = impl.gd_2d(x1, x2, 0, 0, f_grad)
    expect(isinstance(out, tuple) and len(out) == 4, f"gd_2d returned {type(out).__name__}: return "
           "(x1 - eta * g1, x2 - eta * g2, 0, 0)", f"gd_2d 返回了 {type(out).__name__}：应返回 (x1 - eta * g1, x2 - "
                                                   "eta * g2, "
                                                   "0, 0)")
    want = (x1 - eta * c1 * x1, x2 - eta * c2 * x2, 0, 0)
    got = torch.tensor([float(v) for v in out], dtype=torch.float64)
    expect_tensor(got, torch.tensor(want, dtype=torch.float64), f"gd_2d({x1:.3g}, {x2:.3g}, 0, 0, f_grad) with "
                                                                f"eta={eta:.3g}, f_grad(x1, x2) = ({c1:.3g} x1, "
                                                                f"{c2:.3g} x2)",
                  mistakes=[Mistake(lambda a: close(a[:2], torch.tensor([x1 - 0.1 * c1 * x1, x2 - 0.1 * c2 * x2])),
                                    "the step used eta = 0.1 whatever the global eta is: read the module's eta, "
                                    "do not write the number in", "步长固定用了 0.1：要读取模块的全局变量 eta，"
                                                                  "不要写死数字")])
    from katas.plotting import pyplot

    from_module = impl._module
    results = [(-5.0, -2.0)]
    for _ in range(20):
        results.append(tuple(float(v) for v in impl.gd_2d(*results[-1], 0, 0, _f_2d_grad)[:2]))
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(*zip(*results, strict=True), "-o", color="#ff7f0e")
    g1, g2 = torch.meshgrid(torch.arange(-5.5, 1.0, 0.1), torch.arange(-3.0, 1.0, 0.1), indexing="ij")
    plt.contour(g1, g2, _f_2d(g1, g2), colors="#1f77b4")
    plt.title(f"gd_2d, eta = {from_module.eta:.3g}")
    keep_picture("gd_2d", plt.gcf())


# --- newton -----------------------------------------------------------------------------------


def _newton(eta, f_grad, f_hess):
    x, out = torch.tensor(10.0), [10.0]
    for _ in range(10):
        x = x - eta * f_grad(x) / f_hess(x)
        out.append(float(x))
    return torch.tensor(out, dtype=torch.float64)


def _check_newton(impl, monkeypatch, eta, c, f_grad, f_hess, name):
    __tracebackhide__ = True
    monkeypatch.setattr(impl._module, "f_grad", f_grad)
    monkeypatch.setattr(impl._module, "f_hess", f_hess)
    results = _floats(f"newton({eta})", impl.newton(eta), 11)
    gd_only = torch.tensor([10.0], dtype=torch.float64)
    x = torch.tensor(10.0)
    for _ in range(10):
        x = x - eta * f_grad(x)
        gd_only = torch.cat([gd_only, torch.tensor([float(x)], dtype=torch.float64)])
    expect_tensor(results, _newton(eta, f_grad, f_hess), f"newton({eta}) on {name}", rtol=1e-3, mistakes=[
        Mistake(lambda r: close(r, gd_only, rtol=1e-3), "newton used the gradient only: divide it by the second "
                "derivative, x -= eta * f_grad(x) / f_hess(x)", "newton 只用了梯度：要除以二阶导数，x -= eta * "
                                                                "f_grad(x) / f_hess(x)"),
        Mistake(lambda r: close(r, _newton(eta, f_hess, f_grad), rtol=1e-3), "gradient and Hessian swapped: "
                "x -= eta * f_grad(x) / f_hess(x)", "梯度和 Hessian 位置反了：x -= eta * f_grad(x) / f_hess(x)"),
    ])
    return results


@exercise("newton")
def test_newton_convex(impl, monkeypatch):
    c = torch.tensor(unseen().uniform(0.3, 0.7))  # known only through f_grad and f_hess (red team I44)
    _check_newton(impl, monkeypatch, 1, c, lambda x: c * torch.sinh(c * x), lambda x: c ** 2 * torch.cosh(c * x),
                  f"cosh({float(c):.3g} x)")


@exercise("newton")
def test_newton_non_convex(impl, monkeypatch, close_figures):
    """The book's lesson: on x cos(0.15 pi x) newton(1) ends at a maximum, newton(0.5) at a minimum."""
    c = torch.tensor(0.15 * math.pi)

    def f(x):
        return x * torch.cos(c * x)

    def f_grad(x):
        return torch.cos(c * x) - c * x * torch.sin(c * x)

    def f_hess(x):
        return -2 * c * torch.sin(c * x) - x * c ** 2 * torch.cos(c * x)

    big = _check_newton(impl, monkeypatch, 1, c, f_grad, f_hess, "x cos(0.15 pi x)")
    half = _check_newton(impl, monkeypatch, 0.5, c, f_grad, f_hess, "x cos(0.15 pi x)")
    if float(f_hess(torch.tensor(float(big[-1])))) >= 0 or float(f_hess(torch.tensor(float(half[-1])))) <= 0:
        fail("newton's results are right but the book's lesson does not show: a test bug", "测试本身有误")
    from katas.plotting import pyplot

    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(7, 2.5))
    line = torch.arange(-30, 30, 0.05)
    for ax, res, eta in ((axes[0], big, 1), (axes[1], half, 0.5)):
        ax.plot(line, f(line), "-")
        ax.plot(res, [float(f(torch.tensor(float(x)))) for x in res], "-o")
        ax.set_title(f"newton({eta}): ends at x = {float(res[-1]):.3g}")
    keep_picture("newton", fig)
