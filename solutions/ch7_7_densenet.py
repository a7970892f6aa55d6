"""d2l 7.7 Densely connected networks: DenseNet (稠密连接网络（DenseNet）)."""

import torch
from torch import nn


def conv_block(input_channels, num_channels):
    """DenseNet's convolution block, in ResNet v2's order: batch norm, ReLU, then a 3x3 convolution."""
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1))


class DenseBlock(nn.Module):
    """num_convs conv_blocks; each one's output is concatenated to its input along the channels."""

    def __init__(self, num_convs, input_channels, num_channels):
        super().__init__()
        layer = []
        for i in range(num_convs):
            # block i sees the input plus the num_channels of each of the i blocks before it
            layer.append(conv_block(num_channels * i + input_channels, num_channels))
        self.net = nn.Sequential(*layer)

    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)  # dim 1: channels
        return X


def transition_block(input_channels, num_channels):
    """Shrinks a dense block's output: a 1x1 convolution for the channels, 2x2 average pooling for the size."""
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2))


def densenet():
    """d2l's DenseNet for 1-channel 96x96 images: ResNet's stem, four dense blocks of 4 convs, growth rate 32."""
    b1 = nn.Sequential(
        nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3),
        nn.BatchNorm2d(64), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    num_channels, growth_rate = 64, 32  # num_channels: the current number of channels
    num_convs_in_dense_blocks = [4, 4, 4, 4]
    blks = []
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        blks.append(DenseBlock(num_convs, num_channels, growth_rate))
        num_channels += num_convs * growth_rate  # the dense block's output channels
        if i != len(num_convs_in_dense_blocks) - 1:
            # between dense blocks, a transition block halves the channels (and the size)
            blks.append(transition_block(num_channels, num_channels // 2))
            num_channels = num_channels // 2
    return nn.Sequential(
        b1, *blks,
        nn.BatchNorm2d(num_channels), nn.ReLU(),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
        nn.Linear(num_channels, 10))
