"""d2l 7.3 Network in network: NiN (网络中的网络（NiN）).

Write each function below, then check it: python grade.py nin_block
d2l builds `net` at module level; here nin() returns it (checked on the meta device, 224x224).
d2l 在模块顶层构建 net；这里由 nin() 返回它（在 meta 设备上以 224x224 输入检查）。
"""

from torch import nn


def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    """Return an nn.Sequential: Conv2d(in_channels, out_channels, kernel_size, strides, padding), ReLU,
    then twice (Conv2d(out_channels, out_channels, kernel_size=1), ReLU).

    The two 1x1 convolutions act as a small MLP on each pixel's channels.
    返回 nn.Sequential：一个普通卷积层加 ReLU，再接两个 1x1 卷积层（各接 ReLU），相当于逐像素的多层感知机。
    Check: python grade.py nin_block
    """
    # TODO
    raise NotImplementedError


def nin():
    """Return d2l's NiN for 1-channel 224x224 images and 10 classes, as one nn.Sequential:

    nin_block(1, 96, kernel_size=11, strides=4, padding=0), MaxPool2d(3, stride=2),
    nin_block(96, 256, kernel_size=5, strides=1, padding=2), MaxPool2d(3, stride=2),
    nin_block(256, 384, kernel_size=3, strides=1, padding=1), MaxPool2d(3, stride=2), Dropout(0.5),
    nin_block(384, 10, kernel_size=3, strides=1, padding=1), AdaptiveAvgPool2d((1, 1)), Flatten.
    No fully connected layer: each of the last 10 channels, averaged, is one class's score.
    Use nin_block (yours; its tests are separate).
    返回 d2l 的 NiN：没有全连接层，最后 10 个通道各自全局平均后就是各类别的分数。
    Check: python grade.py nin
    """
    # TODO
    raise NotImplementedError
