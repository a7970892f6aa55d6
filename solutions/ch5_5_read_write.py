"""d2l 5.5 File I/O (读写文件)."""

import torch


def save_tensors(obj, fname):
    """Save a tensor, or a list or dict of tensors, to fname."""
    torch.save(obj, fname)


def load_tensors(fname):
    """Load what save_tensors wrote: tensors and plain containers only, never arbitrary pickled objects."""
    return torch.load(fname, weights_only=True)


def save_params(net, fname):
    """Save net's parameters (its state_dict), not the pickled module."""
    torch.save(net.state_dict(), fname)  # values only: loading needs no class, runs no code


def load_params(net, fname):
    """Load parameters saved by save_params into net (a fresh instance of the same model); return it in eval mode."""
    net.load_state_dict(torch.load(fname, weights_only=True))
    net.eval()
    return net
