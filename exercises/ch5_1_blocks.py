"""d2l 5.1 Layers and blocks (层和块).

Write each block below; its docstring shows the command that checks it.
d2l builds chimera at module level; here chimera() returns it.
d2l 在模块顶层构建 chimera；这里由函数 chimera() 返回它。
"""

import torch
from torch import nn
from torch.nn import functional as F


class MLP(nn.Module):
    """An MLP block: self.hidden = Linear(20, 256), ReLU, self.out = Linear(256, 10).

    forward(X) maps (batch, 20) to (batch, 10).
    多层感知机块：hidden 为 Linear(20, 256)，经 ReLU，out 为 Linear(256, 10)。
    Check it: python grade.py MLP
    """

    def __init__(self):
        # TODO: super().__init__() first, then the two layers
        raise NotImplementedError

    def forward(self, X):
        """Return out(relu(hidden(X)))."""
        raise NotImplementedError


class MySequential(nn.Module):
    """nn.Sequential written by hand: MySequential(*blocks) runs the blocks in the given order.

    The blocks must be registered as children, so that parameters() and state_dict() see them
    (keys '0.weight', '1.weight', ... as in nn.Sequential).
    手写的 nn.Sequential：按顺序执行各块；子块必须注册，parameters() 和 state_dict() 才能看到它们。
    Check it: python grade.py MySequential
    """

    def __init__(self, *args):
        # TODO: store each block in self._modules under the key str(idx)
        raise NotImplementedError

    def forward(self, X):
        """Feed X through every block, in order."""
        raise NotImplementedError


class FixedHiddenMLP(nn.Module):
    """d2l's FixedHiddenMLP: a constant weight, one shared layer, and a while loop.

    self.rand_weight: torch.rand((20, 20)), a constant that is not trained (not a parameter,
    no gradient). self.linear: one nn.Linear(20, 20), used twice in forward:
    X = linear(X); X = relu(X @ rand_weight + 1); X = linear(X); halve X while X.abs().sum() > 1;
    return X.sum(), a scalar.
    rand_weight 是常量（不是参数、不求梯度）；同一个 linear 用两次；当 X.abs().sum() > 1 时不断减半；返回标量 X.sum()。
    Check it: python grade.py FixedHiddenMLP
    """

    def __init__(self):
        # TODO
        raise NotImplementedError

    def forward(self, X):
        """Return the scalar described above."""
        raise NotImplementedError


class NestMLP(nn.Module):
    """Blocks inside blocks: self.net = Sequential(Linear(20, 64), ReLU, Linear(64, 32), ReLU),
    then self.linear = Linear(32, 16).  块中有块：先 net，再 linear。
    Check it: python grade.py NestMLP
    """

    def __init__(self):
        # TODO
        raise NotImplementedError

    def forward(self, X):
        """Return linear(net(X)): (batch, 20) -> (batch, 16)."""
        raise NotImplementedError


def chimera():
    """Return d2l's chimera: nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP()).

    It maps (batch, 20) to a scalar.  返回 d2l 的“嵌合体”网络。
    Check it: python grade.py chimera
    """
    # TODO
    raise NotImplementedError
