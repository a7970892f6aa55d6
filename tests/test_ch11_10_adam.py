"""Graded tests for d2l 11.10, Adam and Yogi from scratch: two states per parameter kept in place, and
the step counter hyperparams['t'] that adam reads and advances in the caller's dict; adam is checked
step by step against torch.optim.Adam, Yogi against its formula."""

import random

import pytest
import torch

from katas.checks import expect, fail
from katas.optimcheck import Wrong, check_init_states, check_steps, check_trains_airfoil

exercise = pytest.mark.exercise
BAR = 0.27  # the last loss, at most; the seed sweep's margins are in benchmarks/seed_sweep_ch11.txt


@exercise("init_adam_states")
def test_init_adam_states(impl):
    check_init_states("init_adam_states", impl.init_adam_states, ("v", "s"))


def _adam(p, st, g, h, *, eps=1e-6, yogi=False, sign=1, t_shift=0, corrected=True, adam_s=False):
    beta1, beta2, t = 0.9, 0.999, h["t"] + t_shift
    v, s = st
    v2 = beta1 * v + (1 - beta1) * g
    if yogi and not adam_s:
        s2 = s + sign * (1 - beta2) * torch.sign(g * g - s) * g * g
    else:
        s2 = beta2 * s + (1 - beta2) * g * g
    v_hat, s_hat = (v2 / (1 - beta1 ** t), s2 / (1 - beta2 ** t)) if corrected else (v2, s2)
    return p - h["lr"] * v_hat / (torch.sqrt(s_hat) + eps), (v2, s2)


def _wrongs(eps, yogi):
    def w(en, zh, **kw):
        return Wrong(lambda p, st, g, h: _adam(p, st, g, h, eps=eps, yogi=yogi, **kw), en, zh)
    return [
        w("no bias correction: divide by 1 - beta ** t, v_bias_corr = v / (1 - beta1 ** hyperparams['t']) and "
          "s_bias_corr = s / (1 - beta2 ** hyperparams['t']); early steps are far too small without it",
          "没有做偏差修正：要除以 1 - beta ** t，v_bias_corr = v / (1 - beta1 ** hyperparams['t'])，"
          "s_bias_corr = s / (1 - beta2 ** hyperparams['t'])；没有它，最初几步的步长太小", corrected=False),
        w("the bias correction used t + 1: hyperparams['t'] is this step's number (1 on the first step); advance it "
          "after the update, at the end of the function, not before",
          "偏差修正用的是 t + 1：hyperparams['t'] 就是本步的步数（第一步为 1）；要在更新之后（函数末尾）才推进它",
          t_shift=1),
        w("the bias correction used t - 1 (counting from 0): on the first step 1 - beta ** 0 is 0 and the division "
          "blows up; hyperparams['t'] starts at 1, use it as it is",
          "偏差修正用的是 t - 1（从 0 开始数）：第一步 1 - beta ** 0 为 0，除法会爆掉；hyperparams['t'] 从 1 开始，"
          "直接用它",
          t_shift=-1),
    ]


def _t_advanced(fn):
    def check(before, after):
        t0, t1 = before.get("t"), after.get("t")
        if t1 == t0:
            fail(f"{fn} left hyperparams['t'] at {t0}: t is never advanced, so every step is corrected as step {t0}; "
                 "end the function with hyperparams['t'] += 1 (the caller's dict changes, as d2l's adam does)",
                 f"{fn} 之后 hyperparams['t'] 仍是 {t0}：t 从未推进，每一步都按第 {t0} 步做修正；"
                 "在函数末尾写 hyperparams['t'] += 1（改的是调用者的字典，和 d2l 一样）")
        if t1 == t0 + 2:
            fail(f"{fn} advanced hyperparams['t'] from {t0} to {t1}, once per parameter: one call is one step; "
                 "advance it once, after the loop over params",
                 f"{fn} 把 hyperparams['t'] 从 {t0} 推进到了 {t1}（每个参数一次）：一次调用就是一步，"
                 "在遍历参数的循环之后推进一次")
        expect(t1 == t0 + 1, f"after one call of {fn}, hyperparams['t'] is {t1!r}, expected {t0 + 1}: "
               "hyperparams['t'] += 1 once per call", f"调用一次 {fn} 之后 hyperparams['t'] 为 {t1!r}，应为 {t0 + 1}")
    return check


def _pairs(ps):
    return tuple((torch.zeros_like(p), torch.zeros_like(p)) for p in ps)


@exercise("adam")
def test_adam_against_torch(impl, device):
    check_steps(
        "adam", impl.adam, device=device, names=("v", "s"), make_states=_pairs,
        oracle=lambda ps, h: torch.optim.Adam(ps, lr=h["lr"], betas=(0.9, 0.999), eps=1e-6),
        state_of=lambda opt, q: (opt.state[q]["exp_avg"], opt.state[q]["exp_avg_sq"]),
        hyperparams={"lr": random.uniform(0.005, 0.05), "t": 1}, wrongs=_wrongs(1e-6, False), steps=3,
        after_call=_t_advanced("adam"),
    )


YOGI_WRONGS = [
    Wrong(lambda p, st, g, h: _adam(p, st, g, h, eps=1e-3, yogi=True, sign=-1),
          "the sign is the wrong way round: s moves towards g ** 2, "
          "s[:] = s + (1 - beta2) * torch.sign(torch.square(p.grad) - s) * torch.square(p.grad)",
          "符号反了：s 应朝 g ** 2 移动，s[:] = s + (1 - beta2) * torch.sign(torch.square(p.grad) - s) * "
          "torch.square(p.grad)"),
    Wrong(lambda p, st, g, h: _adam(p, st, g, h, eps=1e-3, yogi=True, adam_s=True),
          "s is Adam's leaky average; Yogi's is s[:] = s + (1 - beta2) * torch.sign(torch.square(p.grad) - s) * "
          "torch.square(p.grad)",
          "s 用的是 Adam 的加权平均；Yogi 的是 s[:] = s + (1 - beta2) * torch.sign(torch.square(p.grad) - s) * "
          "torch.square(p.grad)"),
    Wrong(lambda p, st, g, h: _adam(p, st, g, h, eps=1e-6, yogi=True),
          "eps is Adam's 1e-6; d2l's yogi uses eps = 1e-3", "eps 用了 Adam 的 1e-6；d2l 的 yogi 用 eps = 1e-3"),
] + _wrongs(1e-3, True)


@exercise("yogi")
def test_yogi_against_its_formula(impl, device):
    check_steps(
        "yogi", impl.yogi, device=device, names=("v", "s"), make_states=_pairs,
        formula=Wrong(lambda p, st, g, h: _adam(p, st, g, h, eps=1e-3, yogi=True), "", ""),
        hyperparams={"lr": random.uniform(0.005, 0.05), "t": 1}, wrongs=YOGI_WRONGS, steps=4,
        after_call=_t_advanced("yogi"),
    )


@exercise("adam")
def test_adam_trains_airfoil(impl, airfoil):
    """d2l's own run: train_ch11(adam, ..., {"lr": 0.01, "t": 1}) on airfoil, batch 10, 2 epochs."""
    check_trains_airfoil("adam", impl.adam, tuple((torch.zeros(s), torch.zeros(s)) for s in ((5, 1), (1,))),
                         {"lr": 0.01, "t": 1}, airfoil, BAR)


@exercise("yogi")
def test_yogi_trains_airfoil(impl, airfoil):
    """d2l's own run: train_ch11(yogi, ..., {"lr": 0.01, "t": 1}) on airfoil, batch 10, 2 epochs."""
    check_trains_airfoil("yogi", impl.yogi, tuple((torch.zeros(s), torch.zeros(s)) for s in ((5, 1), (1,))),
                         {"lr": 0.01, "t": 1}, airfoil, BAR)
