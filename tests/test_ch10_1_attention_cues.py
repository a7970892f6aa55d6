"""Graded tests for d2l 10.1, show_heatmaps: a grid of heatmaps with outer labels, titles and one colour bar."""

import random

import pytest
import torch

from katas.checks import close, expect, fail
from katas.explain import original
from katas.plotting import pyplot
from katas.testkit import keep_picture

exercise = pytest.mark.exercise


def _draw(impl, matrices, *args, **kwargs):
    """The figure show_heatmaps drew (it returns nothing, as d2l's), naming the classic slips."""
    plt = pyplot()
    plt.close("all")
    try:
        impl.show_heatmaps(matrices, *args, **kwargs)
    except NotImplementedError:
        raise
    except TypeError as e:
        if "not iterable" in str(e) or "not subscriptable" in str(e):
            fail(f"show_heatmaps failed on a {matrices.shape[0]} x {matrices.shape[1]} grid: plt.subplots returns a "
                 "single Axes for one row or column; pass squeeze=False so that axes is always a 2-D grid "
                 f"({original(e)})", "show_heatmaps 出错：只有一行或一列时 plt.subplots 返回单个 Axes；"
                 f"传入 squeeze=False，axes 就总是二维网格（{original(e)}）")
        raise
    except RuntimeError as e:
        if "requires grad" in str(e):
            fail("show_heatmaps passed a tensor that requires grad to imshow: draw matrix.detach().cpu().numpy() "
                 f"({original(e)})", "show_heatmaps 把需要梯度的张量交给了 imshow：应画 matrix.detach().cpu().numpy()")
        raise
    expect(plt.get_fignums(), "show_heatmaps drew no figure: fig, axes = plt.subplots(...) with plt = pyplot()",
           "show_heatmaps 没有画图：plt = pyplot()，fig, axes = plt.subplots(...)")
    return plt.gcf()


@exercise("show_heatmaps")
def test_show_heatmaps(impl, close_figures):
    # one grid of a single row or column (plt.subplots squeezes it; one colour bar and the labels on the outer
    # edge show), one 2-D grid (rows and columns in order): on a 1 x 1 grid those mistakes draw the same picture
    for rows, cols in (random.choice([(1, 2), (1, 3), (2, 1), (3, 1)]), random.choice([(2, 2), (2, 3)])):
        _check_grid(impl, rows, cols)
    fig = _draw(impl, torch.eye(10).reshape((1, 1, 10, 10)), "Keys", "Queries")  # the book's picture, to keep
    keep_picture("show_heatmaps", figure=fig)


def _check_grid(impl, rows, cols):
    q, k = random.sample(range(3, 9), 2)
    matrices = torch.softmax(torch.randn(rows, cols, q, k), -1).requires_grad_(True)  # weights straight from a net
    titles = [f"Head {j + 1}" for j in range(cols)]
    figsize = (random.choice([2.5, 3.0, 4.0]), random.choice([2.0, 2.5, 3.5]))
    fig = _draw(impl, matrices, "Keys", "Queries", titles=titles, figsize=figsize, cmap="Blues")
    w, h = fig.get_size_inches()
    expect(abs(w - figsize[0]) < 0.01 and abs(h - figsize[1]) < 0.01, f"the figure is {w:g} x {h:g} inches, "
           f"expected figsize {figsize}: plt.subplots(..., figsize=figsize)",
           f"图像大小为 {w:g} x {h:g} 英寸，应为 figsize {figsize}：plt.subplots(..., figsize=figsize)")
    grid = [ax for ax in fig.axes if ax.images]
    bars = [ax for ax in fig.axes if not ax.images]
    expect(len(grid) == rows * cols, f"{len(grid)} heatmaps drawn for a {rows} x {cols} grid: one ax.imshow per "
           "matrix", f"{rows} x {cols} 的网格画了 {len(grid)} 张热图：每个矩阵一次 ax.imshow")
    expect(len(bars) == 1, f"the figure has {len(bars)} colour bars: draw one for the whole grid after the loop, "
           "fig.colorbar(pcm, ax=axes, shrink=0.6)", f"图中有 {len(bars)} 个颜色条：循环结束后为整个网格画一个，"
           "fig.colorbar(pcm, ax=axes, shrink=0.6)")
    for n, ax in enumerate(grid):
        i, j = divmod(n, cols)
        drawn = torch.as_tensor(ax.images[0].get_array()).float()
        expect(drawn.shape == (q, k) and close(drawn, matrices[i, j].detach()), f"heatmap ({i}, {j}) does not "
               f"show matrices[{i}, {j}]: draw row i's matrices in row i of the axes, zip(axes, matrices)",
               f"热图 ({i}, {j}) 显示的不是 matrices[{i}, {j}]：第 i 行的矩阵画在第 i 行的子图上，zip(axes, matrices)")
        expect(ax.images[0].get_cmap().name == "Blues", f"heatmap ({i}, {j}) ignores cmap: ax.imshow(..., cmap=cmap)",
               f"热图 ({i}, {j}) 没有使用 cmap：ax.imshow(..., cmap=cmap)")
        xlabel, ylabel = ax.get_xlabel(), ax.get_ylabel()
        want_x, want_y = ("Keys" if i == rows - 1 else ""), ("Queries" if j == 0 else "")
        expect((xlabel, ylabel) == (want_x, want_y), f"heatmap ({i}, {j}) is labelled x={xlabel!r}, y={ylabel!r}; "
               f"expected x={want_x!r}, y={want_y!r}: xlabel under the last row only (i == num_rows - 1), ylabel "
               "beside the first column only (j == 0)", f"热图 ({i}, {j}) 的标签为 x={xlabel!r}, y={ylabel!r}，"
               f"应为 x={want_x!r}, y={want_y!r}：只有最后一行有 x 标签，只有第一列有 y 标签")
        expect(ax.get_title() == titles[j], f"heatmap ({i}, {j}) is titled {ax.get_title()!r}, expected "
               f"{titles[j]!r}: ax.set_title(titles[j]), one title per column",
               f"热图 ({i}, {j}) 的标题为 {ax.get_title()!r}，应为 {titles[j]!r}：ax.set_title(titles[j])")
