"""Graded tests for d2l 11.8, RMSProp from scratch: a leaky average of squared gradients kept in place;
checked step by step against torch.optim.RMSprop (alpha is d2l's gamma), and against d2l's own formula
where torch's eps placement differs (tiny gradients)."""

import random

import pytest
import torch

from katas.optimcheck import Wrong, check_init_states, check_steps, check_trains_airfoil

exercise = pytest.mark.exercise
BAR = 0.27  # the last loss, at most; the seed sweep's margins are in benchmarks/seed_sweep_ch11.txt
EPS = 1e-6


@exercise("init_rmsprop_states")
def test_init_rmsprop_states(impl):
    check_init_states("init_rmsprop_states", impl.init_rmsprop_states, ("s",))


def _wrong(en, zh, s_new=lambda s, g, c: c * s + (1 - c) * g * g,
           p_new=lambda p, s, s2, g, lr: p - lr * g / torch.sqrt(s2 + EPS)):
    def step(p, st, g, h):
        s2 = s_new(st[0], g, h["gamma"])
        return p_new(p, st[0], s2, g, h["lr"]), (s2,)
    return Wrong(step, en, zh)


D2L = _wrong("", "")
WRONGS = [
    _wrong("s = gamma * s + g ** 2 forgets the (1 - gamma) on the new square: a leaky average weighs both, "
           "s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)",
           "s = gamma * s + g ** 2 少了新平方项前的 (1 - gamma)：加权平均两边都有权重，"
           "s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)",
           s_new=lambda s, g, c: c * s + g * g),
    _wrong("gamma and 1 - gamma are swapped: gamma weighs the old s, s[:] = gamma * s + (1 - gamma) * "
           "torch.square(p.grad)",
           "gamma 和 1 - gamma 放反了：gamma 乘旧的 s，s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)",
           s_new=lambda s, g, c: (1 - c) * s + c * g * g),
    _wrong("eps sits outside the square root: d2l divides by torch.sqrt(s + eps) (torch.optim adds eps after the root; "
           "the two differ when gradients are tiny)",
           "eps 放在了平方根外面：d2l 除以 torch.sqrt(s + eps)（torch.optim 把 eps 加在根号外，梯度很小时两者不同）",
           p_new=lambda p, s, s2, g, lr: p - lr * g / (torch.sqrt(s2) + EPS)),
    _wrong("s sums the squares as AdaGrad does: RMSProp keeps a leaky average, s[:] = gamma * s + (1 - gamma) * "
           "torch.square(p.grad)",
           "s 像 AdaGrad 那样累加平方：RMSProp 用加权平均，s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)",
           s_new=lambda s, g, c: s + g * g),
    _wrong("the step used s from before this step's update: update s first, then step",
           "更新参数用的是本步更新之前的 s：先更新 s，再更新参数",
           p_new=lambda p, s, s2, g, lr: p - lr * g / torch.sqrt(s + EPS)),
]


def _hyper():
    return {"lr": random.uniform(0.005, 0.05), "gamma": random.uniform(0.8, 0.95)}


@exercise("rmsprop")
def test_rmsprop_against_torch(impl, device):
    check_steps(
        "rmsprop", impl.rmsprop, device=device, names=("s",),
        make_states=lambda ps: tuple(torch.zeros_like(p) for p in ps),
        oracle=lambda ps, h: torch.optim.RMSprop(ps, lr=h["lr"], alpha=h["gamma"], eps=EPS),
        state_of=lambda opt, q: (opt.state[q]["square_avg"],),
        hyperparams=_hyper(), wrongs=WRONGS, steps=3,
    )


@exercise("rmsprop")
def test_rmsprop_with_tiny_gradients(impl):
    """Gradients of 1e-4: s is far below eps, so where eps sits shows (d2l's formula, not torch's)."""
    check_steps("rmsprop", impl.rmsprop, device="cpu", names=("s",),
                make_states=lambda ps: tuple(torch.zeros_like(p) for p in ps),
                formula=D2L, hyperparams=_hyper(), wrongs=WRONGS, steps=3, grad_scale=1e-4)


@exercise("rmsprop")
def test_rmsprop_trains_airfoil(impl, airfoil):
    """d2l's own run: train_ch11(rmsprop, ..., {"lr": 0.01, "gamma": 0.9}) on airfoil, batch 10, 2 epochs."""
    check_trains_airfoil("rmsprop", impl.rmsprop, tuple(torch.zeros(s) for s in ((5, 1), (1,))),
                         {"lr": 0.01, "gamma": 0.9}, airfoil, BAR)
