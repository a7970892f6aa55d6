"""Graded tests for d2l 9.2, an LSTM from scratch: its parameters in d2l's order, its state (H, C), its gates,
checked against nn.LSTMCell with the same weights."""

import random

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from katas import rnncheck
from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.testkit import converged, training_seed

exercise = pytest.mark.exercise

NAMES = ["W_xi", "W_hi", "b_i", "W_xf", "W_hf", "b_f", "W_xo", "W_ho", "b_o", "W_xc", "W_hc", "b_c", "W_hq", "b_q"]


def _shapes(v, h):
    return [(v, h), (h, h), (h,)] * 4 + [(h, v), (v,)]


def _cell(params, device):
    """nn.LSTMCell holding d2l's weights: torch stacks the gates as i, f, g (the candidate), o."""
    W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, _, _ = [p.detach() for p in params]
    cell = nn.LSTMCell(W_xi.shape[0], W_xi.shape[1]).to(device)
    with torch.no_grad():
        cell.weight_ih.copy_(torch.cat([W_xi, W_xf, W_xc, W_xo], 1).T)
        cell.weight_hh.copy_(torch.cat([W_hi, W_hf, W_hc, W_ho], 1).T)
        cell.bias_ih.copy_(torch.cat([b_i, b_f, b_c, b_o]))
        cell.bias_hh.zero_()
    return cell


def _lstm(inputs, H, C, params, sigmoid=True):
    """d2l's lstm, written out (sigmoid=False: the gates without it): (outputs, H, C)."""
    W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q = params
    gate = torch.sigmoid if sigmoid else (lambda x: x)
    outputs = []
    for X in inputs:
        gates = ((W_xi, W_hi, b_i), (W_xf, W_hf, b_f), (W_xo, W_ho, b_o))
        I, Fg, O = (gate(X @ Wx + H @ Wh + b) for Wx, Wh, b in gates)  # noqa: E741 (d2l's names)
        C = Fg * C + I * torch.tanh(X @ W_xc + H @ W_hc + b_c)
        H = O * torch.tanh(C)
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), H, C


@exercise("get_lstm_params")
def test_get_lstm_params(impl, device):
    v, h = random.sample(range(20, 32), 2)
    rnncheck.expect_params(impl.get_lstm_params(v, h, device), NAMES, _shapes(v, h), device,
                           f"get_lstm_params({v}, {h}, ...)")


@exercise("init_lstm_state")
def test_init_lstm_state(impl, device):
    b, h = random.sample(range(3, 13), 2)
    state = impl.init_lstm_state(b, h, device)
    if torch.is_tensor(state) or (isinstance(state, tuple) and len(state) == 1):
        fail("init_lstm_state returned one tensor: the LSTM's state is a tuple of two, (H, C), the hidden state and "
             "the memory cell", "init_lstm_state 只返回了一个张量：LSTM 的状态是 (H, C) 两个张量")
    expect(isinstance(state, tuple) and len(state) == 2, f"init_lstm_state returned {state!r:.60}: a tuple (H, C)",
           f"init_lstm_state 返回了 {state!r:.60}：应为元组 (H, C)")
    for name, s in zip("HC", state, strict=True):
        expect_tensor(s, torch.zeros(b, h, device=device), f"init_lstm_state({b}, {h}, {device}): {name}")


@exercise("lstm")
def test_lstm(impl, device):
    v, h, b, t = random.sample(range(3, 13), 4)
    params = [(torch.randn(s) * 0.7).to(device).requires_grad_(True) for s in _shapes(v, h)]
    inputs = F.one_hot(torch.randint(0, v, (t, b)), v).float().to(device)
    H0, C0 = torch.randn(b, h).to(device), torch.randn(b, h).to(device)
    out = impl.lstm(inputs, (H0, C0), params)
    if torch.is_tensor(out):
        fail("lstm returned only the outputs: return (outputs, (H, C))", "lstm 只返回了输出：应返回 (outputs, (H, C))")
    expect(isinstance(out, tuple) and len(out) == 2, f"lstm returned {type(out).__name__}: return (outputs, (H, C))",
           f"lstm 返回了 {type(out).__name__}：应返回 (outputs, (H, C))")
    outputs, state = out
    want, H, C = _lstm(inputs, H0, C0, params)
    cell, h_, c_ = _cell(params, device), H0, C0
    with torch.no_grad():
        for X in inputs:  # the oracle: torch's own LSTM cell with the same weights
            h_, c_ = cell(X, (h_, c_))
        if not (close(h_, H, atol=1e-4) and close(c_, C, atol=1e-4)):
            raise RuntimeError("the test's own LSTM disagrees with nn.LSTMCell: a bug in the test, not in your code")
    what = f"lstm on inputs (num_steps, batch_size, vocab_size) = {fmt_shape(inputs.shape)}"
    with torch.no_grad():
        expect_tensor(outputs, want, f"{what}: the outputs", atol=1e-4, mistakes=[
            Mistake(lambda a: close(a, _lstm(inputs, H0, C0, params, sigmoid=False)[0], atol=1e-4),
                    "the gates need their sigmoid: I, F and O = torch.sigmoid(...), values in (0, 1); only the "
                    "candidate C_tilda takes tanh", "门需要 sigmoid：I、F、O = torch.sigmoid(...)，取值在 (0, 1)；"
                    "只有候选记忆元 C_tilda 用 tanh"),
        ])
    if torch.is_tensor(state) or (isinstance(state, tuple) and len(state) == 1):
        fail("lstm returned only H as its state: return (H, C), the memory cell too, or the next minibatch starts "
             "with an empty memory", "lstm 只返回了 H：应返回 (H, C)，记忆元也要返回")
    expect(isinstance(state, tuple) and len(state) == 2, f"lstm returned the state {state!r:.60}: return (H, C)",
           f"lstm 返回的状态为 {state!r:.60}：应返回 (H, C)")
    if close(state[0], C, atol=1e-4) and close(state[1], H, atol=1e-4):
        fail("lstm returned the state as (C, H): return (H, C), the order init_lstm_state made it in",
             "lstm 返回的状态是 (C, H)：应按 init_lstm_state 的顺序返回 (H, C)")
    expect_tensor(state[0], H, f"{what}: H returned", atol=1e-4)
    expect_tensor(state[1], C, f"{what}: C returned", atol=1e-4)
    R = torch.randn_like(want)
    grads = torch.autograd.grad((outputs * R).sum(), params, allow_unused=True)
    want_grads = torch.autograd.grad((want * R).sum(), params)
    for name, g, w in zip(NAMES, grads, want_grads, strict=True):
        expect(g is not None, f"lstm: the outputs do not depend on {name}: use every parameter",
               f"lstm：输出与 {name} 无关：每个参数都要用到")
        expect_tensor(g, w, f"the gradient of lstm's outputs with respect to {name}", atol=1e-4)


# Over training seeds 0-999 (benchmarks/seed_sweep_ch9.txt: 0 failures) the reference ends at perplexity 14.85 at
# worst (median 14.06; rnncheck.GATED_LM), bar - ppl 0.65 at least, 1.00 at the 1st percentile, 1.44 at the median;
# a model that learns nothing stays near 17.7.
@exercise("lstm")
@pytest.mark.timeout(60)
def test_lstm_language_model_converges(impl, ref, time_machine):
    ppl = rnncheck.gated_lm_perplexity(ref.get_lstm_params, ref.init_lstm_state, impl.lstm, training_seed())
    converged(ppl, 15.5, f"the LSTM language model of lstm (RNNModelScratch and train_epoch_ch8, "
              f"{rnncheck.GATED_LM['epochs']} epochs on the Time Machine): the perplexity of the last epoch",
              lower_is_better=True)
