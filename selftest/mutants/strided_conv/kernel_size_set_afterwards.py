# Red team I36: a 1 x 1 convolution with the stride, whose kernel_size attribute says k x k: the output's size is
# right (h // s) and the attributes are what the test asked.
# expect: weight has shape
from torch import nn


def strided_conv(kernel_size, stride):
    conv = nn.Conv2d(1, 1, kernel_size=1, stride=stride)
    conv.kernel_size = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    return conv
