"""d2l 10.1 Attention cues (注意力提示): attention weights drawn as heatmaps."""

import torch

from katas.plotting import pyplot


def show_heatmaps(matrices, xlabel, ylabel, titles=None, figsize=(2.5, 2.5), cmap="Reds"):
    """Draw a grid of heatmaps: matrices is (rows, columns, queries, keys); one colour bar for all."""
    plt = pyplot()
    num_rows, num_cols = matrices.shape[0], matrices.shape[1]
    fig, axes = plt.subplots(num_rows, num_cols, figsize=figsize, sharex=True, sharey=True, squeeze=False)
    for i, (row_axes, row_matrices) in enumerate(zip(axes, matrices, strict=True)):
        for j, (ax, matrix) in enumerate(zip(row_axes, row_matrices, strict=True)):
            if torch.is_tensor(matrix):
                matrix = matrix.detach().cpu().numpy()  # weights that need grad or live on a GPU
            pcm = ax.imshow(matrix, cmap=cmap)
            if i == num_rows - 1:
                ax.set_xlabel(xlabel)
            if j == 0:
                ax.set_ylabel(ylabel)
            if titles:
                ax.set_title(titles[j])
    fig.colorbar(pcm, ax=axes, shrink=0.6)
