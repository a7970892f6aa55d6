"""Graded tests for d2l 9.1, a GRU from scratch: its parameters in d2l's order, its state, its gates."""

import random

import pytest
import torch
from torch.nn import functional as F

from katas import rnncheck
from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape

exercise = pytest.mark.exercise

NAMES = ["W_xz", "W_hz", "b_z", "W_xr", "W_hr", "b_r", "W_xh", "W_hh", "b_h", "W_hq", "b_q"]


def _shapes(v, h):
    return [(v, h), (h, h), (h,)] * 3 + [(h, v), (v,)]


def _gru(inputs, H, params, swap=False, after=False, sigmoid=True):
    """d2l's gru with switches for the classic mistakes: (outputs, H)."""
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params
    gate = torch.sigmoid if sigmoid else (lambda x: x)
    outputs = []
    for X in inputs:
        Z = gate(X @ W_xz + H @ W_hz + b_z)
        R = gate(X @ W_xr + H @ W_hr + b_r)
        H_tilda = torch.tanh(X @ W_xh + (R * (H @ W_hh) if after else (R * H) @ W_hh) + b_h)
        H = (1 - Z) * H + Z * H_tilda if swap else Z * H + (1 - Z) * H_tilda
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), H


@exercise("gru_get_params")
def test_gru_get_params(impl, device):
    v, h = random.sample(range(20, 32), 2)
    rnncheck.expect_params(impl.get_params(v, h, device), NAMES, _shapes(v, h), device, f"get_params({v}, {h}, ...)")


@exercise("init_gru_state")
def test_init_gru_state(impl, device):
    b, h = random.sample(range(3, 13), 2)
    state = impl.init_gru_state(b, h, device)
    if torch.is_tensor(state):
        fail("init_gru_state returned a bare tensor: return a tuple (H,), as RNNModelScratch and gru expect",
             "init_gru_state 返回了单个张量：应返回元组 (H,)")
    expect(isinstance(state, tuple) and len(state) == 1, f"init_gru_state returned {state!r:.60}: a tuple (H,)",
           f"init_gru_state 返回了 {state!r:.60}：应为元组 (H,)")
    expect_tensor(state[0], torch.zeros(b, h, device=device), f"init_gru_state({b}, {h}, {device})[0]")


@exercise("gru")
def test_gru(impl, device):
    v, h, b, t = random.sample(range(3, 13), 4)
    params = [(torch.randn(s) * 0.7).to(device).requires_grad_(True) for s in _shapes(v, h)]
    inputs = F.one_hot(torch.randint(0, v, (t, b)), v).float().to(device)
    H0 = torch.randn(b, h).to(device)
    out = impl.gru(inputs, (H0,), params)
    if torch.is_tensor(out):
        fail("gru returned only the outputs: return (outputs, (H,))", "gru 只返回了输出：应返回 (outputs, (H,))")
    expect(isinstance(out, tuple) and len(out) == 2, f"gru returned {type(out).__name__}: return (outputs, (H,))",
           f"gru 返回了 {type(out).__name__}：应返回 (outputs, (H,))")
    outputs, state = out
    want, H = _gru(inputs, H0, params)
    what = f"gru on inputs (num_steps, batch_size, vocab_size) = {fmt_shape(inputs.shape)}"
    with torch.no_grad():
        expect_tensor(outputs, want, f"{what}: the outputs", atol=1e-4, mistakes=[
            Mistake(lambda a: close(a, _gru(inputs, H0, params, swap=True)[0], atol=1e-4),
                    "Z and 1 - Z are the wrong way round: H = Z * H + (1 - Z) * H_tilda, so an update gate near 1 "
                    "keeps the old state",
                    "Z 和 1 - Z 用反了：H = Z * H + (1 - Z) * H_tilda，更新门接近 1 时保留旧状态"),
            Mistake(lambda a: close(a, _gru(inputs, H0, params, after=True)[0], atol=1e-4),
                    "the reset gate was applied after the matrix product, R * (H @ W_hh) (as nn.GRU does): d2l "
                    "resets the state before it, (R * H) @ W_hh", "重置门用在了矩阵乘法之后 R * (H @ W_hh)"
                    "（nn.GRU 的做法）：d2l 在乘法之前重置，(R * H) @ W_hh"),
            Mistake(lambda a: close(a, _gru(inputs, H0, params, sigmoid=False)[0], atol=1e-4),
                    "the gates need their sigmoid: Z = torch.sigmoid(...) and R = torch.sigmoid(...), values in "
                    "(0, 1)", "门需要 sigmoid：Z = torch.sigmoid(...)，R = torch.sigmoid(...)，取值在 (0, 1)"),
        ])
    expect(isinstance(state, tuple) and len(state) == 1, f"gru returned the state {state!r:.60}: return (H,)",
           f"gru 返回的状态为 {state!r:.60}：应返回 (H,)")
    expect_tensor(state[0], H, f"{what}: the state returned", atol=1e-4)
    R = torch.randn_like(want)
    grads = torch.autograd.grad((outputs * R).sum(), params, allow_unused=True)
    want_grads = torch.autograd.grad((want * R).sum(), params)
    for name, g, w in zip(NAMES, grads, want_grads, strict=True):
        expect(g is not None, f"gru: the outputs do not depend on {name}: use every parameter",
               f"gru：输出与 {name} 无关：每个参数都要用到")
        expect_tensor(g, w, f"the gradient of gru's outputs with respect to {name}", atol=1e-4)

