# Red team 9: softmax of each row through torch.func.vmap, plain arithmetic inside; vmap's first call registers
# aten kernels of torch's own, which must not read as the learner's.
import torch


def _row(r):
    e = (r - r.max()).exp()
    return e / e.sum()


def softmax(X):
    return torch.func.vmap(_row)(X)
