# Red team I36: a 1 x 1 convolution whose kernel_size attribute says k x k keeps the input's size (a 1 x 1 kernel
# never shrinks it) and passed on its attributes alone, in both modes.
# expect: weight has shape
from torch import nn


def same_conv(kernel_size):
    conv = nn.Conv2d(1, 1, kernel_size=1)
    conv.kernel_size = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    return conv
