"""d2l 11.9 Adadelta: no learning rate; each step is scaled by a leaky average of the past steps.

Two states per parameter, s and delta, updated in place. The test runs your update beside
torch.optim.Adadelta(params, lr=1.0, rho=rho, eps=1e-5): the same formulas as d2l (torch's square_avg is
s, its acc_delta is delta; d2l has no lr, torch's lr=1 changes nothing).
每个参数两个状态 s 和 delta，都要原地更新。测试与 torch.optim.Adadelta(lr=1.0, rho=rho, eps=1e-5) 逐步比较。
"""

import torch


def init_adadelta_states(feature_dim):
    """Return ((s_w, delta_w), (s_b, delta_b)): four separate zero tensors shaped like w (feature_dim, 1)
    and b (1,).

    四个各自独立的零张量（不要让两个名字指向同一个张量）。
    Check: python grade.py init_adadelta_states
    """
    # TODO
    raise NotImplementedError


def adadelta(params, states, hyperparams):
    """One Adadelta step (hyperparams 'rho'; eps = 1e-5), for p, (s, delta) in zip(params, states):
    s = rho * s + (1 - rho) * p.grad ** 2; g = sqrt(delta + eps) / sqrt(s + eps) * p.grad; p -= g;
    then delta = rho * delta + (1 - rho) * g ** 2 (delta is used before it is updated). In place, under
    torch.no_grad(); then zero p.grad.

    先用旧的 delta 算出 g、更新 p，再更新 delta。都要原地更新；最后把 p.grad 清零。
    Check: python grade.py adadelta
    """
    # TODO
    raise NotImplementedError
