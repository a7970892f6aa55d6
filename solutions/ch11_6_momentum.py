"""d2l 11.6 Momentum (动量法): a velocity per parameter, kept between steps and updated in place."""

import torch


def init_momentum_states(feature_dim):
    """(v_w, v_b): zeros shaped like w (feature_dim, 1) and b (1,)."""
    v_w = torch.zeros((feature_dim, 1))
    v_b = torch.zeros(1)
    return (v_w, v_b)


def sgd_momentum(params, states, hyperparams):
    """v = momentum * v + g; p -= lr * v; both in place; then zero p.grad."""
    for p, v in zip(params, states, strict=True):
        with torch.no_grad():
            v[:] = hyperparams["momentum"] * v + p.grad
            p[:] -= hyperparams["lr"] * v
        p.grad.data.zero_()
