"""d2l 6.4 Multiple input and multiple output channels (多输入多输出通道).

Write each function below, then check it: python grade.py corr2d_multi_in
From scratch means it: no F.conv2d, nn.Conv2d, torch.conv2d or F.unfold here. Your corr2d from
6.2 is d2l.corr2d (the grader uses the reference corr2d, so a slip there costs nothing here).
从零实现：这里不能用 F.conv2d、nn.Conv2d、torch.conv2d 或 F.unfold。6.2 的 corr2d 就是 d2l.corr2d。
"""

import torch

from katas.sections import Sections

d2l = Sections(__file__, "ch6_2_conv_layer.py")


def corr2d_multi_in(X, K):
    """Cross-correlation with several input channels, as in d2l.

    X is (c_i, h, w) and K (c_i, k_h, k_w): cross-correlate each channel of X with the matching
    channel of K (d2l.corr2d), then add up the c_i results into one (h - k_h + 1, w - k_w + 1) map.
    多输入通道互相关：对每个通道分别做互相关，再把 c_i 个结果相加。
    Check: python grade.py corr2d_multi_in
    """
    # TODO: iterate over dimension 0 of X and K together (zip), and sum
    raise NotImplementedError


def corr2d_multi_in_out(X, K):
    """Cross-correlation with several input and output channels, as in d2l.

    K is (c_o, c_i, k_h, k_w): each K[o] is a multi-input kernel giving one output channel.
    Return the c_o maps stacked along a new dimension 0: shape (c_o, h', w').
    多输入多输出通道：K[o] 产生第 o 个输出通道；把 c_o 个结果沿新的第 0 维堆叠起来。
    Check: python grade.py corr2d_multi_in_out
    """
    # TODO: corr2d_multi_in for every k in K, then torch.stack(..., 0)
    raise NotImplementedError


def corr2d_multi_in_out_1x1(X, K):
    """A 1x1 convolution as one matrix product, as in d2l: X (c_i, h, w), K (c_o, c_i, 1, 1) -> (c_o, h, w).

    Every output pixel is the same linear combination of that pixel's c_i input values: a fully
    connected layer applied at each pixel. It must equal corr2d_multi_in_out(X, K).
    1x1 卷积就是矩阵乘法：每个像素的 c_i 个值经同一个全连接层变成 c_o 个值；结果应与 corr2d_multi_in_out 相同。
    Check: python grade.py corr2d_multi_in_out_1x1
    """
    # TODO: X as (c_i, h * w), K as (c_o, c_i), torch.matmul, then back to (c_o, h, w)
    raise NotImplementedError
