"""Graded tests for d2l 11.9, Adadelta from scratch: two states per parameter, both kept in place;
checked step by step against torch.optim.Adadelta(lr=1), the same formulas as d2l."""

import random

import pytest
import torch

from katas.optimcheck import Wrong, check_init_states, check_steps, check_trains_airfoil

exercise = pytest.mark.exercise
BAR = 0.27  # the last loss, at most; the seed sweep's margins are in benchmarks/seed_sweep_ch11.txt
EPS = 1e-5


@exercise("init_adadelta_states")
def test_init_adadelta_states(impl):
    check_init_states("init_adadelta_states", impl.init_adadelta_states, ("s", "delta"))


def _adadelta(p, st, g, h, early=False, no_root=False):
    rho, (s, delta) = h["rho"], st
    s2 = rho * s + (1 - rho) * g * g
    if early:  # delta updated first, from the raw gradient, then used
        delta = rho * delta + (1 - rho) * g * g
    scale = (delta + EPS) / (s2 + EPS) if no_root else torch.sqrt(delta + EPS) / torch.sqrt(s2 + EPS)
    step = scale * g
    return p - step, (s2, delta if early else rho * delta + (1 - rho) * step * step)


WRONGS = [
    Wrong(lambda *a: _adadelta(*a, early=True),
          "delta was updated before the step used it (from p.grad, as g' was not computed yet): compute "
          "g = sqrt(delta + eps) / sqrt(s + eps) * p.grad with the old delta, step p[:] -= g, and only then "
          "delta[:] = rho * delta + (1 - rho) * g * g",
          "delta 在被使用之前就更新了（用的是 p.grad，因为 g 还没算出来）：先用旧的 delta 算 "
          "g = sqrt(delta + eps) / sqrt(s + eps) * p.grad，更新 p[:] -= g，然后才 delta[:] = rho * delta + (1 - rho) * "
          "g * g"),
    Wrong(lambda *a: _adadelta(*a, no_root=True),
          "the rescaling lacks its square roots: g = torch.sqrt(delta + eps) / torch.sqrt(s + eps) * p.grad",
          "缩放系数少了平方根：g = torch.sqrt(delta + eps) / torch.sqrt(s + eps) * p.grad"),
]


@exercise("adadelta")
def test_adadelta_against_torch(impl, device):
    check_steps(
        "adadelta", impl.adadelta, device=device, names=("s", "delta"),
        make_states=lambda ps: tuple((torch.zeros_like(p), torch.zeros_like(p)) for p in ps),
        oracle=lambda ps, h: torch.optim.Adadelta(ps, lr=1.0, rho=h["rho"], eps=EPS),
        state_of=lambda opt, q: (opt.state[q]["square_avg"], opt.state[q]["acc_delta"]),
        hyperparams={"rho": random.uniform(0.8, 0.95)}, wrongs=WRONGS, steps=3,
    )


@exercise("adadelta")
def test_adadelta_trains_airfoil(impl, airfoil):
    """d2l's own run: train_ch11(adadelta, ..., {"rho": 0.9}) on airfoil, batch 10, 2 epochs."""
    check_trains_airfoil("adadelta", impl.adadelta, tuple((torch.zeros(s), torch.zeros(s)) for s in ((5, 1), (1,))),
                         {"rho": 0.9}, airfoil, BAR)
