"""d2l 7.3 Network in network: NiN (网络中的网络（NiN）)."""

from torch import nn


def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    """A convolution, then two 1x1 convolutions (a per-pixel MLP over channels), each followed by ReLU."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU(),
    )  # fmt: skip


def nin():
    """d2l's NiN for 1-channel 224x224 images: no fully connected layer, a 10-channel block averaged globally."""
    return nn.Sequential(
        nin_block(1, 96, kernel_size=11, strides=4, padding=0),
        nn.MaxPool2d(3, stride=2),
        nin_block(96, 256, kernel_size=5, strides=1, padding=2),
        nn.MaxPool2d(3, stride=2),
        nin_block(256, 384, kernel_size=3, strides=1, padding=1),
        nn.MaxPool2d(3, stride=2),
        nn.Dropout(0.5),
        nin_block(384, 10, kernel_size=3, strides=1, padding=1),  # one channel per class
        nn.AdaptiveAvgPool2d((1, 1)),  # each class's channel averaged to one score
        nn.Flatten(),  # (batch size, 10)
    )
