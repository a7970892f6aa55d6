"""d2l 11.10 Adam: momentum and RMSProp together, with bias correction; and Yogi.

Two states per parameter, v and s, updated in place, and a step counter in hyperparams['t']: the caller
starts it at 1, adam reads it for this step's bias correction and advances it (hyperparams['t'] += 1),
which changes the caller's dict, so the next call corrects for the next step. The test runs adam beside
torch.optim.Adam(params, lr, betas=(0.9, 0.999), eps=1e-6): the same formulas as d2l (torch's exp_avg is
v, its exp_avg_sq is s; torch counts steps itself). Yogi has no torch.optim: it is checked against its
formula.
每个参数两个状态 v、s（原地更新），以及步数 hyperparams['t']：调用者从 1 开始，adam 用它做偏差修正，
然后 hyperparams['t'] += 1（改的是调用者的字典）。测试与 torch.optim.Adam 逐步比较。
"""

import torch


def init_adam_states(feature_dim):
    """Return ((v_w, s_w), (v_b, s_b)): four separate zero tensors shaped like w (feature_dim, 1) and b (1,).

    Check: python grade.py init_adam_states
    """
    # TODO
    raise NotImplementedError


def adam(params, states, hyperparams):
    """One Adam step (hyperparams 'lr' and 't'; beta1, beta2, eps = 0.9, 0.999, 1e-6):
    v = beta1 * v + (1 - beta1) * g; s = beta2 * s + (1 - beta2) * g ** 2;
    p -= lr * (v / (1 - beta1 ** t)) / (sqrt(s / (1 - beta2 ** t)) + eps); zero p.grad.
    After the loop over params, hyperparams['t'] += 1.

    Check: python grade.py adam
    """
    # TODO
    raise NotImplementedError


def yogi(params, states, hyperparams):
    """adam with eps = 1e-3 and Yogi's second moment: s = s + (1 - beta2) * sign(g ** 2 - s) * g ** 2.

    Yogi 的二阶矩：s = s + (1 - beta2) * sign(g ** 2 - s) * g ** 2，eps = 1e-3，其余同 adam。
    Check: python grade.py yogi
    """
    # TODO
    raise NotImplementedError
