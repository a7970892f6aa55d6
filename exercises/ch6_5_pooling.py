"""d2l 6.5 Pooling (汇聚层).

Write each function below, then check it: python grade.py pool2d
From scratch means it: no F.max_pool2d, F.avg_pool2d, nn.MaxPool2d, nn.AvgPool2d, adaptive
pooling, F.unfold / nn.Unfold or convolutions here. Slicing, tensor arithmetic, .max(),
.mean(), F.pad and the strided view Tensor.unfold are allowed. pool2d from this file is the
reference's in the tests of the other two exercises, so you can build on it.
从零实现：这里不能用 F.max_pool2d、F.avg_pool2d、nn.MaxPool2d、nn.AvgPool2d、自适应汇聚、
F.unfold / nn.Unfold 或卷积；可以用切片、张量运算、.max()、.mean()、F.pad 和 Tensor.unfold（跨步视图）。
"""

import torch
from torch.nn import functional as F


def pool2d(X, pool_size, mode="max"):
    """Max or average pooling of a 2-D X (h, w) with a (p_h, p_w) window and stride 1, as in d2l.

    Y[i, j] is the max (mode='max') or the mean (mode='avg') of the window X[i:i+p_h, j:j+p_w];
    Y has shape (h - p_h + 1, w - p_w + 1), X's device and X's dtype.
    二维最大/平均汇聚，窗口 (p_h, p_w)、步幅 1；Y 的形状为 (h - p_h + 1, w - p_w + 1)，设备和 dtype 与 X 相同。
    Check: python grade.py pool2d
    """
    # TODO: like corr2d, with .max() or .mean() of each window
    raise NotImplementedError


def maxpool2d(X, pool_size, padding=0, stride=None):
    """Return what nn.MaxPool2d(pool_size, stride=stride, padding=padding) gives for a 2-D X (h, w).

    pool_size, padding and stride are an int or a pair (height, width). As in nn.MaxPool2d,
    stride=None means a stride equal to the window (the book's nn.MaxPool2d(3) on a 4 x 4 X
    gives 1 x 1), and padding adds rows and columns on each side that never win a max.
    Output: floor((n - p + 2 * padding + s) / s) per side.
    计算 nn.MaxPool2d(pool_size, stride=stride, padding=padding) 的结果：stride=None 时步幅等于窗口大小；
    填充加在每一侧，且填充的元素永远不会成为最大值。
    Check: python grade.py maxpool2d
    """
    # TODO: pad (with what?), pool2d(..., 'max') with stride 1, then keep every s-th window
    raise NotImplementedError


def pool2d_multi_channel(X, pool_size, mode="max"):
    """Pool each channel of X (c, h, w) separately with pool2d: the output has shape (c, h', w').

    Unlike a convolution, pooling does not add up the channels: c channels in, c channels out.
    汇聚层对每个输入通道分别运算，不会像卷积那样把通道相加：输入 c 个通道，输出也是 c 个。
    Check: python grade.py pool2d_multi_channel
    """
    # TODO
    raise NotImplementedError
