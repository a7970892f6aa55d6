"""d2l 5.4 Custom layers (自定义层).

Write each layer below; its docstring shows the command that checks it.
Unlike d2l's MyLinear, ours must let gradients reach its parameters (no .data in forward).
与 d2l 的 MyLinear 不同，这里的参数必须能得到梯度（forward 里不要用 .data）。
"""

import torch
from torch import nn
from torch.nn import functional as F


class CenteredLayer(nn.Module):
    """A layer with no parameters: forward(X) returns X - X.mean(), the mean of ALL entries (one number).

    The output then has mean 0. 没有参数的层：返回 X 减去所有元素的均值（一个数）。
    Check it: python grade.py CenteredLayer
    """

    def __init__(self):
        # TODO: super().__init__(), nothing more (no parameters)
        raise NotImplementedError

    def forward(self, X):
        """Return X minus the mean of all its entries."""
        raise NotImplementedError


class MyLinear(nn.Module):
    """A fully connected layer followed by ReLU: forward(X) = relu(X @ weight + bias).

    weight (in_units, units) and bias (units,) are nn.Parameters drawn from N(0, 1) (torch.randn),
    so parameters() and state_dict() list them and backward reaches both.
    全连接层加 ReLU；weight 和 bias 是服从 N(0, 1) 的 nn.Parameter，反向传播要能到达二者。
    Check it: python grade.py MyLinear
    """

    def __init__(self, in_units, units):
        # TODO
        raise NotImplementedError

    def forward(self, X):
        """Return relu(X @ weight + bias)."""
        raise NotImplementedError
