"""d2l 6.2 Convolutions for images (图像卷积)."""

import torch
from torch import nn


def corr2d(X, K):
    """2-D cross-correlation: Y[i, j] = (X[i:i+h, j:j+w] * K).sum(), shape (n_h - h + 1, n_w - w + 1)."""
    h, w = K.shape
    # d2l's torch.zeros(...) is float32 on the CPU; on X's device and dtype it works on a GPU and in float64 too
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), device=X.device, dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y


class Conv2D(nn.Module):
    """A 2-D convolutional layer: corr2d with a learned kernel, plus a learned scalar bias."""

    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))  # nn.Parameter: registered, so it is trained
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return corr2d(x, self.weight) + self.bias


def edge_detect(X, horizontal=False):
    """The edges of a black-and-white image with d2l's kernel K = [[1.0, -1.0]] (K's transpose if horizontal)."""
    K = torch.tensor([[1.0, -1.0]], device=X.device, dtype=X.dtype)  # 2-D: one row, two columns
    return corr2d(X, K.T if horizontal else K)


def learn_kernel(X, Y, num_epochs=10, lr=3e-2):
    """Learn the kernel that turns X into Y = corr2d(X, K) by gradient descent on the squared error; return conv2d."""
    conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False).to(X.device)
    # nn.Conv2d works on (batch size, channels, height, width): one example with one channel
    X = X.reshape((1, 1) + X.shape)
    Y = Y.reshape((1, 1) + Y.shape)
    for _ in range(num_epochs):
        Y_hat = conv2d(X)
        l = (Y_hat - Y) ** 2  # noqa: E741 (d2l's name)
        conv2d.zero_grad()
        l.sum().backward()
        conv2d.weight.data[:] -= lr * conv2d.weight.grad  # in place: the layer keeps its own Parameter
    return conv2d
