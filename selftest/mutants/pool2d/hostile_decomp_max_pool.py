# Red team 6: torch._decomp's Python max_pool2d_with_indices (and its im2col for the mean).
# expect: torch._decomp.decompositions
import torch._decomp.decompositions as D


def pool2d(X, pool_size, mode="max"):
    p_h, p_w = pool_size
    if mode == "max":
        return D.max_pool2d_with_indices(X[None, None], [p_h, p_w], [1, 1], [0, 0], [1, 1], False)[0][0, 0]
    cols = D.im2col(X[None, None], [p_h, p_w], [1, 1], [0, 0], [1, 1])[0]
    return cols.mean(0).reshape(X.shape[0] - p_h + 1, X.shape[1] - p_w + 1)
