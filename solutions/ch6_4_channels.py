"""d2l 6.4 Multiple input and multiple output channels (多输入多输出通道)."""

import torch

from katas.sections import Sections

d2l = Sections(__file__, "ch6_2_conv_layer.py")


def corr2d_multi_in(X, K):
    """Cross-correlate each input channel of X (c_i, h, w) with its own slice of K (c_i, k_h, k_w); sum them."""
    # zip walks dimension 0 (the channels) of X and K together
    return sum(d2l.corr2d(x, k) for x, k in zip(X, K, strict=True))


def corr2d_multi_in_out(X, K):
    """One output channel per kernel K[o] (c_i, k_h, k_w) of K (c_o, c_i, k_h, k_w): shape (c_o, h', w')."""
    return torch.stack([corr2d_multi_in(X, k) for k in K], 0)


def corr2d_multi_in_out_1x1(X, K):
    """A 1x1 convolution as a matrix product: K (c_o, c_i, 1, 1) mixes the c_i values of each pixel of X."""
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = X.reshape((c_i, h * w))  # one column per pixel
    K = K.reshape((c_o, c_i))
    Y = torch.matmul(K, X)  # the matrix product of a fully connected layer
    return Y.reshape((c_o, h, w))
