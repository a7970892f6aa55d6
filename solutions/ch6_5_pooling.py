"""d2l 6.5 Pooling (汇聚层)."""

import torch
from torch.nn import functional as F


def pool2d(X, pool_size, mode="max"):
    """Max or average pooling of a 2-D X with a (p_h, p_w) window and stride 1."""
    p_h, p_w = pool_size
    Y = torch.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1), device=X.device, dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if mode == "max":
                Y[i, j] = X[i : i + p_h, j : j + p_w].max()
            elif mode == "avg":
                Y[i, j] = X[i : i + p_h, j : j + p_w].mean()
    return Y


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def maxpool2d(X, pool_size, padding=0, stride=None):
    """What nn.MaxPool2d(pool_size, stride, padding) computes on a 2-D X, from pool2d."""
    (p_h, p_w), (q_h, q_w) = _pair(pool_size), _pair(padding)
    s_h, s_w = _pair(pool_size if stride is None else stride)  # nn.MaxPool2d: the stride defaults to the window
    # pad with -inf, not 0: a padded cell must never be a window's maximum
    X = F.pad(X, (q_w, q_w, q_h, q_h), value=float("-inf"))
    return pool2d(X, (p_h, p_w), "max")[::s_h, ::s_w]  # stride s keeps every s-th window of stride 1


def pool2d_multi_channel(X, pool_size, mode="max"):
    """Pool each channel of X (c, h, w) on its own: the output keeps c channels."""
    return torch.stack([pool2d(x, pool_size, mode) for x in X])
