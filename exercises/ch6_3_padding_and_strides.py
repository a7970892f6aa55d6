"""d2l 6.3 Padding and stride (填充和步幅).

Write each function below, then check it: python grade.py comp_conv2d
The book's output shape, for an n-pixel side, kernel k, p rows (or columns) of padding IN ALL
and stride s: floor((n - k + p + s) / s). nn.Conv2d(..., padding=q) pads q on EACH side, so p = 2q.
书中的输出形状：floor((n - k + p + s) / s)，p 是两侧填充的总行数（列数）；nn.Conv2d 的 padding=q
是每一侧填充 q，所以 p = 2q。
"""

from torch import nn


def comp_conv2d(conv2d, X):
    """Apply the layer conv2d to a 2-D tensor X (h, w) and return a 2-D result, as in d2l.

    nn.Conv2d takes (batch size, channels, height, width): reshape X to (1, 1, h, w) first,
    then drop the first two dimensions of the output.
    对二维 X 应用卷积层：先变形为 (1, 1, h, w)，再去掉输出的前两维（批量和通道）。
    Check: python grade.py comp_conv2d
    """
    # TODO: X.reshape((1, 1) + X.shape); Y.reshape(Y.shape[2:])
    raise NotImplementedError


def conv_output_shape(input_shape, kernel_size, padding=0, stride=1):
    """Return the (height, width) that nn.Conv2d(1, 1, kernel_size, padding=padding, stride=stride) outputs.

    input_shape is (n_h, n_w). kernel_size, padding and stride are an int (the same for height
    and width) or a pair (height, width), as nn.Conv2d takes them. Compute it with the book's
    formula, in Python ints, without running a layer.
    用书中的公式计算 nn.Conv2d 的输出形状 (高, 宽)，返回 Python 整数；参数可以是整数或 (高, 宽) 二元组。
    Check: python grade.py conv_output_shape
    """
    # TODO: one floor((n - k + p + s) / s) per dimension, with p = 2 * padding
    raise NotImplementedError


def same_conv(kernel_size):
    """Return nn.Conv2d(1, 1, kernel_size, padding=...) whose output has its input's height and width.

    kernel_size is an odd int or a pair of odd ints (k_h, k_w), which may differ (the book's
    (5, 3) example). Choose the padding.
    返回输出与输入同高同宽的 nn.Conv2d(1, 1, kernel_size, padding=...)；卷积核边长为奇数，请选择填充。
    Check: python grade.py same_conv
    """
    # TODO
    raise NotImplementedError


def strided_conv(kernel_size, stride):
    """Return nn.Conv2d(1, 1, kernel_size, padding=..., stride=stride) whose output is the input's size / stride.

    An (n_h, n_w) input gives (n_h / s_h, n_w / s_w) whenever the strides divide the sizes (the
    book's 8 x 8 input, kernel 3, padding 1, stride 2 gives 4 x 4). kernel_size is odd; both
    arguments are an int or a pair. Choose the padding.
    返回输出为输入尺寸除以步幅的 nn.Conv2d；请选择填充。
    Check: python grade.py strided_conv
    """
    # TODO
    raise NotImplementedError
