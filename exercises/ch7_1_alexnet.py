"""d2l 7.1 Deep convolutional neural networks: AlexNet (深度卷积神经网络（AlexNet）).

Write each function below, then check it: python grade.py alexnet
d2l builds `net` at module level; here alexnet() returns it. The tests build it on the meta
device (shapes without data), so the 224x224 walk through its 47M parameters costs nothing.
d2l 在模块顶层构建 net；这里由 alexnet() 返回。测试在 meta 设备上构建它（只有形状没有数据），
所以在 224x224 输入上逐层检查 4700 万个参数的网络几乎不花时间。
"""

from torch import nn


def alexnet():
    """Return d2l's AlexNet as one nn.Sequential, for 1-channel 224x224 images and 10 classes.

    Conv2d(1, 96, kernel_size=11, stride=4, padding=1), ReLU, MaxPool2d(kernel_size=3, stride=2);
    Conv2d(96, 256, kernel_size=5, padding=2), ReLU, MaxPool2d(3, stride 2);
    three 3x3 convolutions with padding 1, 256 -> 384 -> 384 -> 256 channels, each followed by ReLU;
    MaxPool2d(3, stride 2), Flatten;
    Linear(?, 4096), ReLU, Dropout(p=0.5), Linear(4096, 4096), ReLU, Dropout(p=0.5), Linear(4096, 10).
    The ? is the length Flatten gives for a 224x224 image: walk the shapes (layer_summary) to find it.
    返回 d2l 的 AlexNet（一个 nn.Sequential），输入为单通道 224x224 图像，10 个类别；
    第一个 Linear 的输入长度就是 Flatten 的输出长度，可以逐层查看形状求出。
    Check: python grade.py alexnet
    """
    # TODO
    raise NotImplementedError


def layer_summary(net, X):
    """d2l's shape walk, returned instead of printed: one (name, output shape, parameter count) per layer
    (6.6's walk, plus where AlexNet keeps its parameters).

    For each top-level layer of net in turn (`for layer in net`; a block counts as one layer), apply it
    to the previous output (the first to X) and record (layer.__class__.__name__, tuple(output.shape),
    the number of parameters in that layer). Return the list of rows. X must not change.
    d2l 的逐层形状检查，改为返回结果：对 net 的每个顶层层，依次作用于上一层的输出，记录
    (类名, 输出形状, 该层的参数个数)，返回这些行组成的列表；不要修改 X。
    Check: python grade.py layer_summary
    """
    # TODO
    raise NotImplementedError
