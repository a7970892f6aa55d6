"""d2l 11.7 AdaGrad: each coordinate's step shrinks with the sum of its squared gradients.

State s per parameter, updated in place (s[:] += ...). The test runs your update beside
torch.optim.Adagrad(params, lr, initial_accumulator_value=1e-6, eps=0): torch adds its eps outside the
square root, sqrt(s) + eps, and d2l inside, sqrt(s + eps) with eps = 1e-6; starting torch's sum at 1e-6
makes the two the same. (A tiny gradient shows the difference: keep d2l's.)
状态 s 要原地更新。测试与 torch.optim.Adagrad 逐步比较：torch 把 eps 加在平方根外面，d2l 加在里面
（sqrt(s + eps)，eps = 1e-6），请按 d2l 的写法。
"""

import torch


def init_adagrad_states(feature_dim):
    """Return (s_w, s_b): zeros shaped like w (feature_dim, 1) and like b (1,).

    Check: python grade.py init_adagrad_states
    """
    # TODO
    raise NotImplementedError


def adagrad(params, states, hyperparams):
    """One AdaGrad step (hyperparams 'lr'; eps = 1e-6): s += p.grad ** 2, p -= lr * p.grad / sqrt(s + eps),
    in place under torch.no_grad(); then zero p.grad.

    s 累加梯度的平方，p -= lr * p.grad / sqrt(s + eps)，都要原地更新；最后把 p.grad 清零。
    Check: python grade.py adagrad
    """
    # TODO
    raise NotImplementedError
