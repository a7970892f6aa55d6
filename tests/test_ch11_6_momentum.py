"""Graded tests for d2l 11.6, momentum from scratch: the velocity is state kept between steps, so it must
be updated in place; checked step by step against torch.optim.SGD(momentum=...)."""

import random

import pytest
import torch

from katas.optimcheck import Wrong, check_init_states, check_steps, check_trains_airfoil

exercise = pytest.mark.exercise
BAR = 0.27  # the last loss, at most; the seed sweep's margins are in benchmarks/seed_sweep_ch11.txt


@exercise("init_momentum_states")
def test_init_momentum_states(impl):
    check_init_states("init_momentum_states", impl.init_momentum_states, ("v",))


def _momentum(p, st, g, h, *, v_new, p_new):
    (v,) = st
    v2 = v_new(v, g, h)
    return p_new(p, v, v2, g, h), (v2,)


def _wrong(en, zh, v_new=lambda v, g, h: h["momentum"] * v + g, p_new=lambda p, v, v2, g, h: p - h["lr"] * v2):
    return Wrong(lambda p, st, g, h: _momentum(p, st, g, h, v_new=v_new, p_new=p_new), en, zh)


WRONGS = [
    _wrong("v holds lr * velocity: `v = beta * v + lr * g; p -= v` is the other convention, the same steps for a fixed "
           "lr but another state, and other steps once lr changes; d2l (and torch.optim.SGD) keep v = momentum * v + g "
           "and step p -= lr * v",
           "v 里存的是 lr 乘以速度：`v = beta * v + lr * g; p -= v` 是另一种写法，lr 不变时步子相同但状态不同，lr "
           "一变步子也不同；"
           "d2l（以及 torch.optim.SGD）用 v = momentum * v + g，再 p -= lr * v",
           v_new=lambda v, g, h: h["momentum"] * v + h["lr"] * g, p_new=lambda p, v, v2, g, h: p - v2),
    _wrong("v = beta * v + (1 - beta) * g is a leaky average (dampening); d2l's momentum adds the whole gradient: "
           "v[:] = momentum * v + p.grad",
           "v = beta * v + (1 - beta) * g 是加权平均（带阻尼）；d2l 的动量加上整个梯度：v[:] = momentum * v + p.grad",
           v_new=lambda v, g, h: h["momentum"] * v + (1 - h["momentum"]) * g),
    _wrong("the step used the gradient, not the velocity: p[:] -= lr * v", "更新用的是梯度而不是速度：p[:] -= lr * v",
           p_new=lambda p, v, v2, g, h: p - h["lr"] * g),
    _wrong("the step used the velocity from before this step's update: update v first, then p[:] -= lr * v",
           "更新参数用的是本步更新之前的速度：先更新 v，再 p[:] -= lr * v",
           p_new=lambda p, v, v2, g, h: p - h["lr"] * v),
    _wrong("momentum and g are swapped: v[:] = momentum * v + p.grad", "momentum 和 g 的位置反了：v[:] = momentum * v "
                                                                       "+ "
                                                                       "p.grad",
           v_new=lambda v, g, h: v + h["momentum"] * g),
]


def _schedule(h):
    h["lr"] *= random.uniform(0.3, 0.8)  # a changing lr tells the two conventions apart in the parameters too


@exercise("sgd_momentum")
def test_sgd_momentum_against_torch(impl, device):
    check_steps(
        "sgd_momentum", impl.sgd_momentum, device=device, names=("v",),
        make_states=lambda ps: tuple(torch.zeros_like(p) for p in ps),
        oracle=lambda ps, h: torch.optim.SGD(ps, lr=h["lr"], momentum=h["momentum"]),
        state_of=lambda opt, q: (opt.state[q]["momentum_buffer"],),
        hyperparams={"lr": random.uniform(0.01, 0.1), "momentum": random.uniform(0.5, 0.9)},
        wrongs=WRONGS, steps=3, next_hyper=_schedule,
    )


@exercise("sgd_momentum")
def test_sgd_momentum_trains_airfoil(impl, airfoil):
    """d2l's own run: train_ch11(sgd_momentum, ..., {"lr": 0.02, "momentum": 0.5}) on airfoil, batch 10, 2 epochs."""
    check_trains_airfoil("sgd_momentum", impl.sgd_momentum, tuple(torch.zeros(s) for s in ((5, 1), (1,))),
                         {"lr": 0.02, "momentum": 0.5}, airfoil, BAR)
