"""d2l 6.2 Convolutions for images (图像卷积).

Write each function below, then check it: python grade.py corr2d
From scratch means it: corr2d may not call F.conv2d, nn.Conv2d, torch.conv2d or F.unfold; use
slicing and tensor arithmetic. learn_kernel, as in the book, trains an nn.Conv2d.
从零实现：corr2d 里不能用 F.conv2d、nn.Conv2d、torch.conv2d 或 F.unfold，用切片和张量运算。
learn_kernel 和书中一样，训练一个 nn.Conv2d。
"""

import torch
from torch import nn


def corr2d(X, K):
    """2-D cross-correlation of X (n_h, n_w) with the kernel K (h, w), as in d2l.

    Y[i, j] = (X[i:i+h, j:j+w] * K).sum(): the window slides over every position where it
    fits, so Y has shape (n_h - h + 1, n_w - w + 1). K is used as it is, not flipped. Create Y
    on X's device and with X's dtype (d2l's torch.zeros(...) is a float32 CPU tensor), and keep
    it differentiable: gradients must reach K.
    二维互相关：Y[i, j] = (X[i:i+h, j:j+w] * K).sum()，输出形状 (n_h - h + 1, n_w - w + 1)；
    Y 要建在 X 的设备上、用 X 的 dtype，梯度要能传到 K。
    Check: python grade.py corr2d
    """
    # TODO: h, w = K.shape; Y = torch.zeros(..., device=X.device, dtype=X.dtype); two loops over Y
    raise NotImplementedError


class Conv2D(nn.Module):
    """A 2-D convolutional layer (d2l): forward(x) = corr2d(x, weight) + bias.

    weight has shape kernel_size, drawn from U(0, 1) (torch.rand); bias has shape (1,) and
    starts at zero. Both are nn.Parameters, so parameters() lists them and backward reaches them.
    二维卷积层：weight 形状为 kernel_size、服从 U(0, 1)；bias 形状 (1,)、初始为 0；二者都是 nn.Parameter。
    Check: python grade.py Conv2D
    """

    def __init__(self, kernel_size):
        # TODO
        raise NotImplementedError

    def forward(self, x):
        """Return corr2d(x, weight) + bias."""
        raise NotImplementedError


def edge_detect(X, horizontal=False):
    """Find the edges of an image X (h, w) with d2l's kernel K = [[1.0, -1.0]]: return corr2d(X, K).

    Where white (1) turns black (0) from left to right the output is 1, where black turns
    white it is -1, elsewhere 0: shape (h, w - 1). That K sees only vertical edges; with
    horizontal=True use its transpose, which sees horizontal ones: shape (h - 1, w).
    Create K on X's device.
    用 d2l 的卷积核 K = [[1.0, -1.0]] 检测边缘：返回 corr2d(X, K)；horizontal=True 时用 K 的转置检测水平边缘。
    Check: python grade.py edge_detect
    """
    # TODO: K = torch.tensor([[1.0, -1.0]], device=X.device); corr2d(X, K) or corr2d(X, K.T)
    raise NotImplementedError


def learn_kernel(X, Y, num_epochs=10, lr=3e-2):
    """Learn the kernel that produced Y = corr2d(X, K) from X (h, w) and Y (h, w - 1), as in d2l; return the layer.

    conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False), on X's device. nn.Conv2d takes
    (batch, channels, height, width): reshape X and Y to (1, 1, ...). Then num_epochs times:
    Y_hat = conv2d(X); l = (Y_hat - Y) ** 2; conv2d.zero_grad(); l.sum().backward(); and update
    the kernel in place: conv2d.weight.data[:] -= lr * conv2d.weight.grad (or -= under
    torch.no_grad()). Return conv2d; its weight then approaches K.
    从 X 和 Y 学习卷积核：nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)，平方误差求和后反向传播，
    原地更新 conv2d.weight；返回 conv2d。
    Check: python grade.py learn_kernel
    """
    # TODO
    raise NotImplementedError
