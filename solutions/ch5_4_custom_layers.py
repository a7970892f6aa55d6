"""d2l 5.4 Custom layers (自定义层)."""

import torch
from torch import nn
from torch.nn import functional as F


class CenteredLayer(nn.Module):
    """A layer without parameters: subtract the mean of all entries."""

    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean()


class MyLinear(nn.Module):
    """A fully connected layer followed by ReLU, with its own nn.Parameter weight and bias."""

    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))  # nn.Parameter: registered and trained
        self.bias = nn.Parameter(torch.randn(units,))

    def forward(self, X):
        # self.weight, not d2l's self.weight.data: .data would cut the parameters off from autograd
        linear = torch.matmul(X, self.weight) + self.bias
        return F.relu(linear)
