"""d2l 11.6 Momentum (动量法): a velocity per parameter, kept between steps.

Every optimizer of this chapter is `trainer_fn(params, states, hyperparams)`: train_ch11 calls it once
per minibatch with the same states, so the states must change IN PLACE (v[:] = ..., as 3.2's sgd
changes its params); `v = ...` only rebinds the loop's name and the caller's v stays zero.
The test runs your update beside torch.optim.SGD(params, lr, momentum=momentum), which keeps the same
velocity as d2l (v = momentum * v + g, p -= lr * v; torch calls v the momentum_buffer).
本章的优化器都是 trainer_fn(params, states, hyperparams)：状态要原地更新（v[:] = ...）；`v = ...`
只重新绑定了循环变量，调用者的 v 一直是零。测试与 torch.optim.SGD(momentum=...) 逐步比较。
"""

import torch


def init_momentum_states(feature_dim):
    """Return (v_w, v_b): zeros shaped like w (feature_dim, 1) and like b (1,).

    返回 (v_w, v_b)：与 w (feature_dim, 1) 和 b (1,) 形状相同的零张量。
    Check: python grade.py init_momentum_states
    """
    # TODO
    raise NotImplementedError


def sgd_momentum(params, states, hyperparams):
    """One momentum step for each p in params with its v in states (hyperparams 'lr' and 'momentum'):
    v = momentum * v + p.grad, then p -= lr * v, both in place under torch.no_grad(); then zero p.grad.

    每个参数：v = momentum * v + p.grad，再 p -= lr * v，都要原地更新；最后把 p.grad 清零。
    Check: python grade.py sgd_momentum
    """
    # TODO: for p, v in zip(params, states): ...
    raise NotImplementedError
