"""d2l 5.1 Layers and blocks (层和块)."""

import torch
from torch import nn
from torch.nn import functional as F


class MLP(nn.Module):
    """A 20 -> 256 -> 10 MLP with a ReLU hidden layer, written as a block."""

    def __init__(self):
        super().__init__()  # nn.Module's bookkeeping first: assigning a layer registers it
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))


class MySequential(nn.Module):
    """nn.Sequential by hand: run the given blocks in order."""

    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            # _modules is an ordered dict that parameters() and state_dict() walk; a plain list is invisible
            self._modules[str(idx)] = module

    def forward(self, X):
        for block in self._modules.values():
            X = block(X)
        return X


class FixedHiddenMLP(nn.Module):
    """A constant random weight, one Linear used twice, and Python control flow; returns a scalar."""

    def __init__(self):
        super().__init__()
        self.rand_weight = torch.rand((20, 20), requires_grad=False)  # a constant: not a parameter
        self.linear = nn.Linear(20, 20)

    def forward(self, X):
        X = self.linear(X)
        X = F.relu(torch.mm(X, self.rand_weight) + 1)
        X = self.linear(X)  # the same layer again: its parameters are shared by both uses
        while X.abs().sum() > 1:
            X /= 2
        return X.sum()


class NestMLP(nn.Module):
    """A block holding an nn.Sequential (20 -> 64 -> 32, ReLUs) and a Linear(32, 16)."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.linear = nn.Linear(32, 16)

    def forward(self, X):
        return self.linear(self.net(X))


def chimera():
    """d2l's chimera: NestMLP, then Linear(16, 20), then FixedHiddenMLP, in one nn.Sequential."""
    return nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())
