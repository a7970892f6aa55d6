# Red team 6: torch._decomp's Python im2col (F.unfold written with gathers), then one matrix product.
# expect: torch._decomp.decompositions.im2col
import torch._decomp.decompositions as D


def corr2d(X, K):
    h, w = K.shape
    cols = D.im2col(X[None, None], [h, w], [1, 1], [0, 0], [1, 1])[0]
    return (K.reshape(1, -1) @ cols).reshape(X.shape[0] - h + 1, X.shape[1] - w + 1)
