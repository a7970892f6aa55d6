"""d2l 7.5 Batch normalization (批量规范化).

Write each function below, then check it: python grade.py batch_norm
From scratch means it: batch_norm and BatchNorm may not call F.batch_norm, nn.BatchNorm1d/2d,
torch.batch_norm or torch.var_mean. Means (X.mean(...)), ((X - mean) ** 2).mean(...) and
X.var(unbiased=False) are fine. The tests compare with nn.BatchNorm1d/2d.
从零实现：batch_norm 和 BatchNorm 里不能用 F.batch_norm、nn.BatchNorm1d/2d、torch.batch_norm
和 torch.var_mean；X.mean(...)、((X - mean) ** 2).mean(...) 和 X.var(unbiased=False) 可以用。
"""

import torch
from torch import nn


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Batch normalization of X, 2-D (batch, features) or 4-D (batch, channels, height, width).

    Return (Y, moving_mean, moving_var). As in d2l, torch.is_grad_enabled() decides the mode:
    - training (autograd on): mean and variance of this batch, per feature (over dim 0) for 2-D X,
      per channel (over dims 0, 2, 3, keepdim=True) for 4-D X; the variance is the mean of the
      squared deviations (divide by n, not n - 1). X_hat = (X - mean) / sqrt(var + eps). Update
      moving = momentum * moving + (1 - momentum) * batch value, for the mean and the variance.
    - evaluation (under torch.no_grad()): X_hat = (X - moving_mean) / sqrt(moving_var + eps);
      the moving averages come back unchanged.
    Y = gamma * X_hat + beta. The moving averages returned carry no autograd graph (d2l: .data).
    批量规范化：训练模式（自动求导开启）用本批的均值和（有偏）方差，并按
    moving = momentum * moving + (1 - momentum) * 本批的值 更新移动平均；评估模式（torch.no_grad()）
    用移动平均。返回 (Y, moving_mean, moving_var)，返回的移动平均不带计算图。
    Check: python grade.py batch_norm
    """
    # TODO
    raise NotImplementedError


class BatchNorm(nn.Module):
    """d2l's batch normalization layer, on top of batch_norm.

    num_features: the outputs of a fully connected layer or the channels of a convolution;
    num_dims: 2 after a fully connected layer, 4 after a convolution. Shape (1, num_features),
    or (1, num_features, 1, 1) for num_dims=4. gamma (ones) and beta (zeros) are nn.Parameters;
    moving_mean (zeros) and moving_var (ones) are buffers (self.register_buffer: unlike d2l's plain
    attributes, they follow the module in .to(device) and are saved in its state_dict).
    forward(X) calls batch_norm with eps=1e-5 and momentum=0.9 (d2l's convention: keep 0.9 of the
    old value) and keeps the moving averages it returns; it returns Y.
    d2l 的批量规范化层：gamma、beta 是 nn.Parameter；moving_mean、moving_var 注册为缓冲区，
    这样 .to(device) 会移动它们，state_dict 也会保存它们；forward 调用 batch_norm（eps=1e-5，
    momentum=0.9），保存返回的移动平均，返回 Y。
    Check: python grade.py BatchNorm
    """

    def __init__(self, num_features, num_dims):
        # TODO
        raise NotImplementedError

    def forward(self, X):
        """Normalise X with batch_norm; keep the updated moving averages; return Y."""
        raise NotImplementedError


def bn_lenet():
    """Return d2l's LeNet with batch normalization, as one nn.Sequential:

    Conv2d(1, 6, kernel_size=5), BatchNorm(6, num_dims=4), Sigmoid, AvgPool2d(kernel_size=2, stride=2),
    Conv2d(6, 16, kernel_size=5), BatchNorm(16, num_dims=4), Sigmoid, AvgPool2d(kernel_size=2, stride=2),
    Flatten, Linear(16 * 4 * 4, 120), BatchNorm(120, num_dims=2), Sigmoid,
    Linear(120, 84), BatchNorm(84, num_dims=2), Sigmoid, Linear(84, 10).
    Use your BatchNorm (its tests are separate). 返回 d2l 带批量规范化的 LeNet，用你自己的 BatchNorm。
    Check: python grade.py bn_lenet
    """
    # TODO
    raise NotImplementedError
