"""d2l 10.1 Attention cues (注意力提示): attention weights drawn as heatmaps.

Write the function below; its docstring shows the command that checks it. Chapter 10 draws every
attention weight with it. The grader saves what it draws under .katas/plots/.
第 10 章用它画出所有的注意力权重；批改时画出的图保存在 .katas/plots/ 下。
"""

import torch

from katas.plotting import pyplot


def show_heatmaps(matrices, xlabel, ylabel, titles=None, figsize=(2.5, 2.5), cmap="Reds"):
    """Draw matrices (rows, columns, queries, keys) as a rows x columns grid of heatmaps (显示热图).

    plt = pyplot(); one figure of figsize, plt.subplots(rows, columns, sharex=True, sharey=True,
    squeeze=False). Each matrix is drawn with ax.imshow(..., cmap=cmap) (a tensor that needs grad or
    lives on a GPU goes through .detach().cpu().numpy() first). xlabel under the last row only, ylabel
    beside the first column only, titles[j] over column j when titles are given, and one colour bar
    for the whole grid: fig.colorbar(pcm, ax=axes, shrink=0.6). Returns nothing, as d2l's.
    把 (行, 列, 查询, 键) 的矩阵画成热图网格；只有最后一行有 x 轴标签，只有第一列有 y 轴标签，整张图一个颜色条。
    Check: python grade.py show_heatmaps
    """
    # TODO
    raise NotImplementedError
