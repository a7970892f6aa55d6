"""d2l 11.7 AdaGrad: each coordinate's step shrinks with the sum of its squared gradients."""

import torch


def init_adagrad_states(feature_dim):
    """(s_w, s_b): zeros shaped like w (feature_dim, 1) and b (1,)."""
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    return (s_w, s_b)


def adagrad(params, states, hyperparams):
    """s += g ** 2; p -= lr * g / sqrt(s + eps), eps = 1e-6; in place; then zero p.grad."""
    eps = 1e-6
    for p, s in zip(params, states, strict=True):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams["lr"] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()
