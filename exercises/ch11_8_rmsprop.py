"""d2l 11.8 RMSProp: AdaGrad with a leaky average of squared gradients instead of their sum.

State s per parameter, updated in place. The test runs your update beside
torch.optim.RMSprop(params, lr, alpha=gamma): torch's alpha is d2l's gamma, and torch adds eps outside
the square root where d2l writes sqrt(s + eps), eps = 1e-6 (the two agree unless a gradient is tiny;
a tiny-gradient test checks d2l's form).
状态 s 要原地更新。torch 的 alpha 就是 d2l 的 gamma；torch 的 eps 在平方根外，d2l 的在里面（eps = 1e-6），按 d2l 写。
"""

import torch


def init_rmsprop_states(feature_dim):
    """Return (s_w, s_b): zeros shaped like w (feature_dim, 1) and like b (1,).

    Check: python grade.py init_rmsprop_states
    """
    # TODO
    raise NotImplementedError


def rmsprop(params, states, hyperparams):
    """One RMSProp step (hyperparams 'lr', 'gamma'; eps = 1e-6): s = gamma * s + (1 - gamma) * p.grad ** 2,
    p -= lr * p.grad / sqrt(s + eps), in place under torch.no_grad(); then zero p.grad.

    Check: python grade.py rmsprop
    """
    # TODO
    raise NotImplementedError
