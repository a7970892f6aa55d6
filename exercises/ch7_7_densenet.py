"""d2l 7.7 Densely connected networks: DenseNet (稠密连接网络（DenseNet）).

Write each piece below, then check it: python grade.py conv_block
d2l builds `net` at module level; here densenet() returns it (checked on the meta device, 96x96).
d2l 在模块顶层构建 net；这里由 densenet() 返回它（在 meta 设备上以 96x96 输入检查）。
"""

import torch
from torch import nn


def conv_block(input_channels, num_channels):
    """Return DenseNet's convolution block, nn.Sequential(BatchNorm2d(input_channels), ReLU,
    Conv2d(input_channels, num_channels, kernel_size=3, padding=1)): batch norm and ReLU come
    before the convolution (ResNet v2's order), which keeps height and width.
    返回 DenseNet 的卷积块：先批量规范化和 ReLU，再是保持高宽的 3x3 卷积。
    Check: python grade.py conv_block
    """
    # TODO
    raise NotImplementedError


class DenseBlock(nn.Module):
    """num_convs conv_blocks in self.net (an nn.Sequential); block i reads num_channels * i + input_channels
    channels and adds num_channels.

    forward: for each block, Y = blk(X), then X = torch.cat((X, Y), dim=1) (input first, along the
    channels); return X, with input_channels + num_convs * num_channels channels and X's height and width.
    Use conv_block (yours; its tests are separate).
    num_convs 个 conv_block；每个块的输出沿通道维连结到它的输入后面（输入在前），返回连结后的 X。
    Check: python grade.py DenseBlock
    """

    def __init__(self, num_convs, input_channels, num_channels):
        # TODO
        raise NotImplementedError

    def forward(self, X):
        """Concatenate each block's output to its input along the channels; return the result."""
        raise NotImplementedError


def transition_block(input_channels, num_channels):
    """Return nn.Sequential(BatchNorm2d(input_channels), ReLU, Conv2d(input_channels, num_channels,
    kernel_size=1), AvgPool2d(kernel_size=2, stride=2)): fewer channels and half the height and width.
    返回过渡层：1x1 卷积减少通道数，平均汇聚把高和宽减半。
    Check: python grade.py transition_block
    """
    # TODO
    raise NotImplementedError


def densenet():
    """Return d2l's DenseNet for 1-channel 96x96 images and 10 classes, as one nn.Sequential:

    b1 = Conv2d(1, 64, kernel_size=7, stride=2, padding=3), BatchNorm2d(64), ReLU,
         MaxPool2d(kernel_size=3, stride=2, padding=1);
    num_channels, growth_rate = 64, 32; four DenseBlock(4, num_channels, growth_rate), each raising
    num_channels by 4 * growth_rate, and between them (not after the last) a
    transition_block(num_channels, num_channels // 2) that halves the channels;
    then BatchNorm2d(num_channels), ReLU, AdaptiveAvgPool2d((1, 1)), Flatten, Linear(num_channels, 10).
    Use DenseBlock and transition_block (yours).
    返回 d2l 的 DenseNet：与 ResNet 相同的开头，四个稠密块（增长率 32），块之间用过渡层把通道数减半。
    Check: python grade.py densenet
    """
    # TODO
    raise NotImplementedError
