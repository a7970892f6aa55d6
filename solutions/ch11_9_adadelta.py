"""d2l 11.9 Adadelta: no learning rate; the step is scaled by a leaky average of past steps."""

import torch


def init_adadelta_states(feature_dim):
    """((s_w, delta_w), (s_b, delta_b)): four separate zero tensors, shaped like w and b."""
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    delta_w, delta_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((s_w, delta_w), (s_b, delta_b))


def adadelta(params, states, hyperparams):
    """s = rho*s + (1-rho)*g**2; g' = sqrt(delta+eps)/sqrt(s+eps)*g; p -= g'; delta = rho*delta + (1-rho)*g'**2."""
    rho, eps = hyperparams["rho"], 1e-5
    for p, (s, delta) in zip(params, states, strict=True):
        with torch.no_grad():
            s[:] = rho * s + (1 - rho) * torch.square(p.grad)
            g = (torch.sqrt(delta + eps) / torch.sqrt(s + eps)) * p.grad
            p[:] -= g
            delta[:] = rho * delta + (1 - rho) * g * g
        p.grad.data.zero_()
