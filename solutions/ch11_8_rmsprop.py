"""d2l 11.8 RMSProp: AdaGrad with a leaky average of squared gradients."""

import torch


def init_rmsprop_states(feature_dim):
    """(s_w, s_b): zeros shaped like w (feature_dim, 1) and b (1,)."""
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    return (s_w, s_b)


def rmsprop(params, states, hyperparams):
    """s = gamma * s + (1 - gamma) * g ** 2; p -= lr * g / sqrt(s + eps), eps = 1e-6; then zero p.grad."""
    gamma, eps = hyperparams["gamma"], 1e-6
    for p, s in zip(params, states, strict=True):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
            p[:] -= hyperparams["lr"] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()
