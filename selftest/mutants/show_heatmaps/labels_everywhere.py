# Labels on every heatmap.
# expect: xlabel under the last row only
def show_heatmaps(matrices, xlabel, ylabel, titles=None, figsize=(2.5, 2.5),
                  cmap='Reds'):
    plt = pyplot()
    num_rows, num_cols = matrices.shape[0], matrices.shape[1]
    fig, axes = plt.subplots(num_rows, num_cols, figsize=figsize,
                             sharex=True, sharey=True, squeeze=False)
    for i, (row_axes, row_matrices) in enumerate(zip(axes, matrices)):  # noqa: B905
        for j, (ax, matrix) in enumerate(zip(row_axes, row_matrices)):  # noqa: B905
            pcm = ax.imshow(matrix.detach().numpy(), cmap=cmap)
            if True:
                ax.set_xlabel(xlabel)
            if True:
                ax.set_ylabel(ylabel)
            if titles:
                ax.set_title(titles[j])
    fig.colorbar(pcm, ax=axes, shrink=0.6)
