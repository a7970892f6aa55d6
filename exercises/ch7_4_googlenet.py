"""d2l 7.4 Networks with parallel concatenations: GoogLeNet (含并行连结的网络（GoogLeNet）).

Write each piece below, then check it: python grade.py Inception
d2l builds `net` from stages b1..b5 at module level; here googlenet() returns it (checked on the
meta device, 96x96 input as d2l trains it). Keep d2l's layer names in Inception (p1_1 ... p4_2):
the tests load weights by these names.
d2l 在模块顶层用 b1..b5 构建 net；这里由 googlenet() 返回。Inception 里请沿用 d2l 的层名
（p1_1 ... p4_2），测试按这些名字加载权重。
"""

import torch
from torch import nn
from torch.nn import functional as F


class Inception(nn.Module):
    """d2l's Inception block: four parallel paths, concatenated along the channels.

    c1..c4 are each path's output channels; c2 and c3 are pairs (1x1 channels, output channels).
    path 1: p1_1 = Conv2d(in_channels, c1, kernel_size=1);
    path 2: p2_1 = Conv2d(in_channels, c2[0], kernel_size=1), p2_2 = Conv2d(c2[0], c2[1], kernel_size=3, padding=1);
    path 3: p3_1 = Conv2d(in_channels, c3[0], kernel_size=1), p3_2 = Conv2d(c3[0], c3[1], kernel_size=5, padding=2);
    path 4: p4_1 = MaxPool2d(kernel_size=3, stride=1, padding=1), p4_2 = Conv2d(in_channels, c4, kernel_size=1).
    forward: a ReLU after every convolution; every path keeps the height and width, so the four
    outputs stack into c1 + c2[1] + c3[1] + c4 channels.
    四条并行路径，在通道维上连结；每个卷积之后接 ReLU，每条路径都保持输入的高和宽。
    Check: python grade.py Inception
    """

    def __init__(self, in_channels, c1, c2, c3, c4, **kwargs):
        # TODO
        raise NotImplementedError

    def forward(self, x):
        """Return the four paths' outputs concatenated along the channel dimension."""
        raise NotImplementedError


def googlenet():
    """Return d2l's GoogLeNet (1-channel 96x96 images, 10 classes): nn.Sequential(b1, ..., b5, Linear(1024, 10)).

    b1: Conv2d(1, 64, kernel_size=7, stride=2, padding=3), ReLU, MaxPool2d(kernel_size=3, stride=2, padding=1).
    b2: Conv2d(64, 64, kernel_size=1), ReLU, Conv2d(64, 192, kernel_size=3, padding=1), ReLU, the same max pool.
    b3: Inception(192, 64, (96, 128), (16, 32), 32), Inception(256, 128, (128, 192), (32, 96), 64), the max pool.
    b4: Inception(480, 192, (96, 208), (16, 48), 64), Inception(512, 160, (112, 224), (24, 64), 64),
        Inception(512, 128, (128, 256), (24, 64), 64), Inception(512, 112, (144, 288), (32, 64), 64),
        Inception(528, 256, (160, 320), (32, 128), 128), the max pool.
    b5: Inception(832, 256, (160, 320), (32, 128), 128), Inception(832, 384, (192, 384), (48, 128), 128),
        AdaptiveAvgPool2d((1, 1)), Flatten.
    Each Inception's in_channels is the sum of the channels of the one before. Use Inception (yours).
    返回 d2l 的 GoogLeNet（五个阶段 b1..b5 加 Linear(1024, 10)）。
    Check: python grade.py googlenet
    """
    # TODO
    raise NotImplementedError
