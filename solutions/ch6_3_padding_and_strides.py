"""d2l 6.3 Padding and stride (填充和步幅)."""

from torch import nn


def comp_conv2d(conv2d, X):
    """Apply conv2d to a 2-D X: add the batch and channel dimensions, then drop them from the output."""
    X = X.reshape((1, 1) + X.shape)  # (1, 1): one example, one channel
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])  # leave out the batch and channel dimensions


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    """(height, width) out of nn.Conv2d(1, 1, kernel_size, padding=padding, stride=stride) for an input_shape input."""
    # the book's floor((n - k + p + s) / s), where p counts the padding on both sides: 2 * padding
    return tuple((n - k + 2 * p + s) // s
                 for n, k, p, s in zip(input_shape, _pair(kernel_size), _pair(padding), _pair(stride), strict=True))


def same_conv(kernel_size):
    """A 1-in, 1-out nn.Conv2d with this (odd) kernel_size whose output has its input's height and width."""
    k_h, k_w = _pair(kernel_size)
    # p_h = k_h - 1 rows in all, half of them at the top and half at the bottom
    return nn.Conv2d(1, 1, kernel_size=(k_h, k_w), padding=((k_h - 1) // 2, (k_w - 1) // 2))


def strided_conv(kernel_size, stride):
    """A 1-in, 1-out nn.Conv2d with this (odd) kernel_size whose output is its input's height and width / stride."""
    k_h, k_w = _pair(kernel_size)
    # with p = k - 1 the output is floor((n + s - 1) / s), which is n / s when s divides n
    return nn.Conv2d(1, 1, kernel_size=(k_h, k_w), padding=((k_h - 1) // 2, (k_w - 1) // 2), stride=stride)
