"""d2l 7.6 Residual networks: ResNet (残差网络（ResNet）).

Write each piece below, then check it: python grade.py Residual
Keep d2l's layer names in Residual (conv1, conv2, conv3, bn1, bn2): the tests load weights by
these names. resnet18 is d2l's own (d2l.resnet18, used later in the book), built for small
images such as Fashion-MNIST's 28x28; the chapter's net differs only in its first stage.
Residual 里请沿用 d2l 的层名（conv1、conv2、conv3、bn1、bn2），测试按这些名字加载权重。
resnet18 就是 d2l 库里的 d2l.resnet18，适用于 28x28 这样的小图像。
"""

from torch import nn
from torch.nn import functional as F


class Residual(nn.Module):
    """d2l's residual block: Y = F.relu(bn2(conv2(F.relu(bn1(conv1(X)))) + shortcut)).

    conv1 = Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides);
    conv2 = Conv2d(num_channels, num_channels, kernel_size=3, padding=1);
    conv3 = Conv2d(input_channels, num_channels, kernel_size=1, stride=strides) if use_1x1conv, else None;
    bn1, bn2 = BatchNorm2d(num_channels). The shortcut is X, or conv3(X) when there is a conv3 (so
    it has the output's channels and size); it is added BEFORE the final ReLU.
    残差块：捷径（有 conv3 时为 conv3(X)）在最后的 ReLU 之前加上。
    Check: python grade.py Residual
    """

    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        # TODO
        raise NotImplementedError

    def forward(self, X):
        """Two convolutions with batch norm, plus the shortcut, then ReLU."""
        raise NotImplementedError


def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
    """Return a list of num_residuals Residual blocks: one stage of ResNet.

    The first block of a stage halves height and width and changes the channels,
    Residual(input_channels, num_channels, use_1x1conv=True, strides=2), unless first_block
    (the stage right after the stem, which already shrank the image). Every other block is
    Residual(num_channels, num_channels). The net wraps it: nn.Sequential(*resnet_block(...)).
    Use Residual (yours; its tests are separate).
    返回 num_residuals 个 Residual 组成的列表：每个阶段的第一个块把高宽减半并改变通道数，
    除非 first_block；其余是 Residual(num_channels, num_channels)。
    Check: python grade.py resnet_block
    """
    # TODO
    raise NotImplementedError


def resnet18(num_classes, in_channels=1):
    """Return d2l's ResNet-18 (d2l.resnet18) as an nn.Sequential:

    Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1), BatchNorm2d(64), ReLU (no max pool);
    four stages nn.Sequential(*resnet_block(...)): 64 -> 64 (first_block=True), 64 -> 128,
    128 -> 256, 256 -> 512, two Residuals each; AdaptiveAvgPool2d((1, 1)); Flatten; Linear(512, num_classes).
    (d2l names them with add_module: resnet_block1..4, global_avg_pool, fc.) Use resnet_block (yours).
    返回 d2l 的 ResNet-18：3x3 卷积开头、不做最大汇聚，四个阶段，全局平均汇聚，全连接层。
    Check: python grade.py resnet18
    """
    # TODO
    raise NotImplementedError
