"""d2l 7.2 Networks using blocks: VGG (使用块的网络（VGG）).

Write each function below, then check it: python grade.py vgg_block
d2l builds `net = vgg(conv_arch)` at module level; here the tests call vgg themselves, with
d2l's conv_arch and with smaller ones (as d2l trains it), on the meta device for 224x224 input.
d2l 在模块顶层构建 net = vgg(conv_arch)；这里由测试调用 vgg，用 d2l 的 conv_arch 和更小的结构。
"""

from torch import nn

conv_arch = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))  # VGG-11: (convolutions, output channels)


def vgg_block(num_convs, in_channels, out_channels):
    """Return an nn.Sequential: num_convs times (Conv2d(?, out_channels, kernel_size=3, padding=1), ReLU),
    then one MaxPool2d(kernel_size=2, stride=2).

    The first convolution reads in_channels, each later one the out_channels of the one before.
    The convolutions keep height and width; the pool halves them.
    返回 nn.Sequential：num_convs 个（3x3 卷积、填充 1，ReLU），最后一个 2x2、步幅 2 的最大汇聚层；
    第一个卷积读 in_channels 个通道，之后的卷积读上一个卷积的 out_channels 个通道。
    Check: python grade.py vgg_block
    """
    # TODO
    raise NotImplementedError


def vgg(conv_arch):
    """Return d2l's VGG for 1-channel 224x224 images: one vgg_block per (num_convs, out_channels) in
    conv_arch (the first reads 1 channel, each next block the channels of the one before), then
    Flatten, Linear(?, 4096), ReLU, Dropout(0.5), Linear(4096, 4096), ReLU, Dropout(0.5), Linear(4096, 10).

    conv_arch has five blocks, so 224 is halved five times: ? is the last block's channels * 7 * 7.
    Use vgg_block (yours; its tests are separate).
    返回 d2l 的 VGG：conv_arch 中每一项对应一个 vgg_block，再接三个全连接层；
    五个块把 224 减半五次，所以第一个 Linear 的输入是最后一个块的通道数 * 7 * 7。
    Check: python grade.py vgg
    """
    # TODO
    raise NotImplementedError
