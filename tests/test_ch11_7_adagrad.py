"""Graded tests for d2l 11.7, AdaGrad from scratch: the sum of squared gradients is state kept between
steps, updated in place; checked step by step against torch.optim.Adagrad (d2l's eps inside the root)."""

import random

import pytest
import torch

from katas.optimcheck import Wrong, check_init_states, check_steps, check_trains_airfoil

exercise = pytest.mark.exercise
BAR = 0.27  # the last loss, at most; the seed sweep's margins are in benchmarks/seed_sweep_ch11.txt
EPS = 1e-6


@exercise("init_adagrad_states")
def test_init_adagrad_states(impl):
    check_init_states("init_adagrad_states", impl.init_adagrad_states, ("s",))


def _wrong(en, zh, s_new=lambda s, g: s + g * g, p_new=lambda p, s, s2, g, lr: p - lr * g / torch.sqrt(s2 + EPS)):
    def step(p, st, g, h):
        s2 = s_new(st[0], g)
        return p_new(p, st[0], s2, g, h["lr"]), (s2,)
    return Wrong(step, en, zh)


WRONGS = [
    _wrong("eps sits outside the square root: d2l divides by torch.sqrt(s + eps) (torch.optim adds eps after the root; "
           "the two differ when gradients are tiny)",
           "eps 放在了平方根外面：d2l 除以 torch.sqrt(s + eps)（torch.optim 把 eps 加在根号外，梯度很小时两者不同）",
           p_new=lambda p, s, s2, g, lr: p - lr * g / (torch.sqrt(s2) + EPS)),
    _wrong("s does not accumulate: `s[:] = g ** 2` keeps only this step's square; AdaGrad sums them all: s[:] += "
           "torch.square(p.grad)",
           "s 没有累加：`s[:] = g ** 2` 只保留了本步的平方；AdaGrad 要把它们都加起来：s[:] += torch.square(p.grad)",
           s_new=lambda s, g: g * g),
    _wrong("the step divides by s + eps without the square root: p[:] -= lr * p.grad / torch.sqrt(s + eps)",
           "更新时除以的是 s + eps，少了平方根：p[:] -= lr * p.grad / torch.sqrt(s + eps)",
           p_new=lambda p, s, s2, g, lr: p - lr * g / (s2 + EPS)),
    _wrong("the step used s from before this step's update: add p.grad ** 2 to s first, then step",
           "更新参数用的是本步累加之前的 s：先把 p.grad ** 2 加到 s 上，再更新参数",
           p_new=lambda p, s, s2, g, lr: p - lr * g / torch.sqrt(s + EPS)),
    _wrong("s accumulated the gradient, not its square: s[:] += torch.square(p.grad)",
           "s 累加的是梯度而不是梯度的平方：s[:] += torch.square(p.grad)", s_new=lambda s, g: s + g),
]


def _check(impl, device, scale):
    check_steps(
        "adagrad", impl.adagrad, device=device, names=("s",),
        make_states=lambda ps: tuple(torch.zeros_like(p) for p in ps),
        # torch's sum starting at eps, with no eps of its own, is exactly d2l's sqrt(s + eps)
        oracle=lambda ps, h: torch.optim.Adagrad(ps, lr=h["lr"], initial_accumulator_value=EPS, eps=0),
        state_of=lambda opt, q: (opt.state[q]["sum"] - EPS,),
        hyperparams={"lr": random.uniform(0.05, 0.5)}, wrongs=WRONGS, steps=3, grad_scale=scale,
    )


@exercise("adagrad")
def test_adagrad_against_torch(impl, device):
    _check(impl, device, 1.0)


@exercise("adagrad")
def test_adagrad_with_tiny_gradients(impl):
    """Gradients of 1e-4: s is far below eps, so where eps sits shows."""
    _check(impl, "cpu", 1e-4)


@exercise("adagrad")
def test_adagrad_trains_airfoil(impl, airfoil):
    """d2l's own run: train_ch11(adagrad, ..., {"lr": 0.1}) on airfoil, batch 10, 2 epochs."""
    check_trains_airfoil("adagrad", impl.adagrad, tuple(torch.zeros(s) for s in ((5, 1), (1,))),
                         {"lr": 0.1}, airfoil, BAR)
