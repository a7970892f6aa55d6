"""d2l 5.3 Deferred initialization (延后初始化), with nn.LazyLinear."""

import torch
from torch import nn


def lazy_mlp(num_hiddens=256, num_outputs=10):
    """An MLP whose input size is inferred from the first batch it sees."""
    return nn.Sequential(nn.LazyLinear(num_hiddens), nn.ReLU(), nn.LazyLinear(num_outputs))


def apply_init(net, inputs, init=None):
    """Run one forward to fix the lazy shapes, then apply init (d2l's Module.apply_init)."""
    with torch.no_grad():  # a dry run: only the shapes matter, no graph needed
        net(*inputs)
    if init is not None:
        net.apply(init)  # only now do the weights have a shape to fill
