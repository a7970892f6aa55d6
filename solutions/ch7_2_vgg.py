"""d2l 7.2 Networks using blocks: VGG (使用块的网络（VGG）)."""

from torch import nn

conv_arch = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))  # VGG-11: (convolutions, output channels)


def vgg_block(num_convs, in_channels, out_channels):
    """num_convs 3x3 convolutions (padding 1) with ReLU, then a 2x2 max pool that halves height and width."""
    layers = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels  # the next convolution reads this one's output
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))  # once per block, after its convolutions
    return nn.Sequential(*layers)


def vgg(conv_arch):
    """One vgg_block per (num_convs, out_channels) of conv_arch, then d2l's three fully connected layers."""
    conv_blks = []
    in_channels = 1
    for num_convs, out_channels in conv_arch:
        conv_blks.append(vgg_block(num_convs, in_channels, out_channels))
        in_channels = out_channels
    return nn.Sequential(
        *conv_blks, nn.Flatten(),
        # five blocks halve 224 five times: 7x7 per channel of the last block
        nn.Linear(out_channels * 7 * 7, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 10),
    )  # fmt: skip
