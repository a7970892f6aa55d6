"""Graded tests for d2l 11.4, stochastic gradient descent: the noisy-gradient step and the schedules that
keep their step counter in a global."""

import math
import random

import pytest
import torch

from katas.checks import expect, fail
from katas.explain import original
from katas.testkit import unseen

exercise = pytest.mark.exercise


@exercise("constant_lr")
def test_constant_lr(impl):
    values = [impl.constant_lr() for _ in range(3)]
    expect(values == [1, 1, 1], f"constant_lr() returned {values}: return 1 every time",
           f"constant_lr() 返回了 {values}：每次都应返回 1")


def _schedule(impl, monkeypatch, name, formula):
    __tracebackhide__ = True
    t0 = random.randint(1, 20)
    monkeypatch.setattr(impl._module, "t", t0)
    fn = getattr(impl, name)
    try:
        values = [fn() for _ in range(3)]
    except UnboundLocalError as e:
        fail(f"{name} assigns to t without `global t`: Python then takes t for a new local name, read before it "
             f"is set; start the function with `global t` ({original(e)})",
             f"{name} 给 t 赋值却没有写 `global t`：Python 会把 t 当成尚未赋值的局部变量；函数开头写 `global "
             f"t`（{original(e)}）")
    t1 = impl._module.t
    if t1 == t0:
        fail(f"after three calls of {name} the global t is still {t0}: advance it in the function, `global t; t += 1` "
             "(a local t += 1 is forgotten when the function returns)",
             f"调用 {name} 三次后全局变量 t 仍是 {t0}：要在函数里 `global t; t += 1`")
    expect(t1 == t0 + 3, f"three calls of {name} moved the global t from {t0} to {t1}: advance it by 1 per call",
           f"调用 {name} 三次把全局变量 t 从 {t0} 变成了 {t1}：每次调用加 1")
    want = [formula(t0 + k) for k in (1, 2, 3)]
    if all(math.isclose(v, formula(t0 + k), rel_tol=1e-9) for v, k in zip(values, (0, 1, 2), strict=True)):
        fail(f"{name} returned the rate of t before advancing it: t += 1 first, then compute with the new t "
             f"(called at t = {t0}, it returns the rate of t = {t0 + 1})",
             f"{name} 用的是推进之前的 t：先 t += 1，再用新的 t 计算")
    expect(all(math.isclose(v, w, rel_tol=1e-6) for v, w in zip(values, want, strict=True)),
           f"{name}() from t = {t0} returned {[round(v, 6) for v in values]}, expected {[round(w, 6) for w in want]}",
           f"{name}() 从 t = {t0} 开始返回了 {[round(v, 6) for v in values]}，应为 {[round(w, 6) for w in want]}")


@exercise("exponential_lr")
def test_exponential_lr(impl, monkeypatch):
    _schedule(impl, monkeypatch, "exponential_lr", lambda t: math.exp(-0.1 * t))


@exercise("polynomial_lr")
def test_polynomial_lr(impl, monkeypatch):
    _schedule(impl, monkeypatch, "polynomial_lr", lambda t: (1 + 0.1 * t) ** (-0.5))


@exercise("noisy_sgd")
def test_noisy_sgd(impl, monkeypatch):
    """Without a gradient the step is the noise alone: N(0, 1) on each coordinate, independent, times eta * lr()."""
    eta, rate, calls = random.uniform(0.5, 2.0), random.uniform(0.3, 0.9), []

    def lr():
        calls.append(1)
        return rate

    monkeypatch.setattr(impl._module, "eta", eta)
    monkeypatch.setattr(impl._module, "lr", lr)
    n = 2000
    steps = [impl.sgd(0.0, 0.0, 0, 0, lambda x1, x2: (0.0, 0.0)) for _ in range(n)]
    expect(all(isinstance(s, tuple) and len(s) == 4 and s[2:] == (0, 0) for s in steps[:1]),
           f"sgd returned {steps[0]!r}: return (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0)",
           f"sgd 返回了 {steps[0]!r}：应返回 (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0)")
    expect(len(calls) == n, f"sgd called lr {len(calls)} times in {n} steps: once per step (eta_t = eta * lr()), so "
           "a schedule advances once per step", f"{n} 步里 sgd 调用了 lr {len(calls)} 次：每步一次（eta_t = eta * "
                                                "lr()）")
    noise = -torch.tensor([[float(s[0]), float(s[1])] for s in steps], dtype=torch.float64) / (eta * rate)
    std = noise.std(0)
    if float(std.max()) < 1e-6:
        fail("sgd's steps have no noise: add torch.normal(0.0, 1, (1,)).item() to each gradient",
             "sgd 的步长没有噪声：给每个梯度分量加上 torch.normal(0.0, 1, (1,)).item()")
    corr = float(torch.corrcoef(noise.T)[0, 1])
    expect(abs(corr) < 0.2, "the two coordinates got the same noise: draw one torch.normal(0.0, 1, (1,)) for each",
           "两个分量用了同一个噪声：要各自调用 torch.normal(0.0, 1, (1,))")
    expect(bool((abs(std - 1) < 0.1).all()) and float(noise.mean(0).abs().max()) < 0.15,
           f"sgd's steps divided by eta * lr() have standard deviation {std.tolist()} and mean "
           f"{noise.mean(0).tolist()}: "
           "the noise is N(0, 1), and the rate is eta * lr() (eta alone, or lr() alone, scales it wrong)",
           f"sgd 的步长除以 eta * lr() 后标准差为 {std.tolist()}：噪声应为 N(0, 1)，学习率为 eta * lr()")
    # a fixed pattern (+1, -1, ...) has the right mean and spread: the noise must also be random and Gaussian
    distinct = min(len({round(float(v), 6) for v in noise[:, j]}) for j in range(2))
    expect(distinct > n // 2, f"sgd's noise takes only {distinct} distinct values in {n} steps: draw fresh random "
           "noise every step, torch.normal(0.0, 1, (1,)).item() on each coordinate, not a fixed pattern of values",
           f"{n} 步里 sgd 的噪声只有 {distinct} 个不同的值：每一步都要重新抽取随机噪声，每个分量 "
           "torch.normal(0.0, 1, (1,)).item()，不要用固定的数值模式")
    centered = noise - noise.mean(0)
    lags = {(lag, j): float((centered[lag:, j] * centered[:-lag, j]).sum() / (centered[:, j] ** 2).sum())
            for lag in range(1, 11) for j in range(2)}
    (lag, j), worst = max(lags.items(), key=lambda kv: abs(kv[1]))
    expect(abs(worst) < 0.2, f"sgd's noise on x{j + 1} repeats itself: draw fresh, independent noise every step, "
           f"torch.normal(0.0, 1, (1,)).item(), not a fixed pattern (steps {lag} apart correlate at {worst:.2f}; "
           "independent draws give about 0)",
           f"sgd 在 x{j + 1} 上的噪声有周期/规律：每一步都要重新抽取独立噪声 torch.normal(0.0, 1, (1,)).item()，"
           f"不要用固定模式（相隔 {lag} 步的相关系数为 {worst:.2f}，独立抽取应约为 0）")
    tails = [float((noise[:, j].abs() > 2).double().mean()) for j in range(2)]
    expect(all(0.02 < f < 0.08 for f in tails), f"sgd's noise lies beyond 2 standard deviations in "
           f"{[round(f, 4) for f in tails]} of the steps, where N(0, 1) gives 0.0455: draw Gaussian noise, "
           "torch.normal(0.0, 1, (1,)).item(), not a fixed pattern or uniform values",
           f"sgd 的噪声超出 2 个标准差的比例为 {[round(f, 4) for f in tails]}，N(0, 1) 约为 0.0455："
           "请抽取高斯噪声 torch.normal(0.0, 1, (1,)).item()，不要用固定模式或均匀分布")
    x1, x2 = random.uniform(-3, 3), random.uniform(-3, 3)
    monkeypatch.setattr(impl._module, "lr", lambda: 1)
    hidden = unseen()  # slopes known only through f_grad: an sgd that ignored it for the book's (2 x1, 4 x2) passed
    c1, c2 = hidden.uniform(0.5, 5.0), hidden.uniform(0.5, 5.0)  # (red team I46)
    means = torch.tensor([[float(v) for v in impl.sgd(x1, x2, 0, 0, lambda a, b: (c1 * a, c2 * b))[:2]]
                          for _ in range(400)], dtype=torch.float64).mean(0)
    want = torch.tensor([x1 - eta * c1 * x1, x2 - eta * c2 * x2], dtype=torch.float64)
    expect(bool(((means - want).abs() < 0.25 * eta).all()), f"sgd from ({x1:.3g}, {x2:.3g}) lands on average at "
           f"{means.tolist()}, expected {want.tolist()} (x - eta_t * f_grad(x), plus zero-mean noise)",
           f"sgd 从 ({x1:.3g}, {x2:.3g}) 出发平均落在 {means.tolist()}，应为 {want.tolist()}")
