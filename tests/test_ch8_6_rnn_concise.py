"""Graded tests for d2l 8.6, RNNModel: nn.RNN (and chapter 9's nn.GRU, nn.LSTM) with a linear output layer."""

import random

import pytest
import torch
from torch import nn

from katas.checks import expect, expect_tensor, fail, fmt_shape
from katas.netcheck import copy_params
from katas.testkit import build

exercise = pytest.mark.exercise

LAYERS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


def _sizes():
    v, h, b, t = random.sample(range(3, 13), 4)  # all different: a swapped axis shows
    return v, h, b, t


def _layer(kind, v, h, **kw):
    return LAYERS[kind](v, h, **kw)


@exercise("RNNModel")
def test_rnn_model_attributes(impl):
    v, h, _, _ = _sizes()
    for bidirectional in (False, True):
        layer = nn.RNN(v, h, bidirectional=bidirectional)
        net = build(impl.RNNModel, layer, v)
        expect(getattr(net, "rnn", None) is layer, "RNNModel must keep the recurrent layer as self.rnn (chapter 9 and "
               "begin_state read it)", "RNNModel 要把循环层保存为 self.rnn")
        expect((getattr(net, "vocab_size", None), getattr(net, "num_hiddens", None)) == (v, h),
               f"RNNModel keeps vocab_size ({v}) and num_hiddens = rnn_layer.hidden_size ({h})",
               f"RNNModel 要保存 vocab_size（{v}）和 num_hiddens = rnn_layer.hidden_size（{h}）")
        dirs = 2 if bidirectional else 1
        expect(getattr(net, "num_directions", None) == dirs, f"RNNModel of a {'bi' if bidirectional else 'uni'}"
               f"directional layer has num_directions {getattr(net, 'num_directions', None)}, expected {dirs}",
               f"RNNModel 的 num_directions 应为 {dirs}")
        lin = getattr(net, "linear", None)
        expect(isinstance(lin, nn.Linear) and (lin.in_features, lin.out_features) == (h * dirs, v),
               f"RNNModel's linear layer is {lin}, expected Linear({h * dirs}, {v}): num_hiddens * num_directions "
               "features in, vocab_size out", f"RNNModel 的线性层为 {lin}，应为 Linear({h * dirs}, {v})")


@exercise("RNNModel")
@pytest.mark.parametrize("kind", ["rnn", "lstm"])
def test_rnn_model_forward(impl, ref, device, kind):
    v, h, b, t = _sizes()
    layers = 2  # a state that forgets num_layers shows
    net = build(impl.RNNModel, _layer(kind, v, h, num_layers=layers), v).to(device)
    want_net = ref.RNNModel(_layer(kind, v, h, num_layers=layers), v).to(device)
    copy_params(net, want_net)
    what = f"RNNModel(nn.{kind.upper()}({v}, {h}, num_layers={layers}), {v})"
    state = net.begin_state(device=device, batch_size=b)
    want_state = want_net.begin_state(device=device, batch_size=b)
    if kind == "lstm":
        if torch.is_tensor(state):
            fail(f"{what}.begin_state returned one tensor: nn.LSTM takes a tuple of two, (H, C), each zeros "
                 "(num_directions * num_layers, batch_size, num_hiddens)",
                 f"{what}.begin_state 返回了一个张量：nn.LSTM 需要两个张量组成的元组 (H, C)")
        expect(isinstance(state, tuple) and len(state) == 2, f"{what}.begin_state returned {type(state).__name__}: "
               "a tuple (H, C) for nn.LSTM", f"{what}.begin_state 返回了 {type(state).__name__}：nn.LSTM 要元组 (H, C)")
        for s, w in zip(state, want_state, strict=True):
            expect_tensor(s, w, f"{what}.begin_state(device, batch_size={b})")
    else:
        expect(torch.is_tensor(state), f"{what}.begin_state returned {type(state).__name__}: nn.RNN takes one "
               "tensor", f"{what}.begin_state 返回了 {type(state).__name__}：nn.RNN 需要一个张量")
        expect_tensor(state, want_state, f"{what}.begin_state(device, batch_size={b})")
    X = torch.randint(0, v, (b, t), device=device)
    try:
        out = net(X, state)
    except ValueError as e:
        if "dtype" not in str(e):
            raise
        fail(f"{what} failed on X {fmt_shape(X.shape)} ({e}): F.one_hot returns integers; convert the one-hot "
             "inputs, .to(torch.float32), before the RNN", f"{what} 出错：F.one_hot 返回整数；"
             "进入 RNN 之前要 .to(torch.float32)")
    except RuntimeError as e:
        if isinstance(e, NotImplementedError):
            raise
        if "Expected hidden" in str(e):
            fail(f"{what} failed on X {fmt_shape(X.shape)} ({e}): the inputs reached the RNN as (batch_size, "
                 "num_steps, vocab_size); one-hot inputs.T, so that time comes first, as nn.RNN expects",
                 f"{what} 在 X {fmt_shape(X.shape)} 上出错：输入以 (batch_size, num_steps, vocab_size) 进入了 RNN；"
                 "要对 inputs.T 做 one-hot，让时间步在前，nn.RNN 要求如此")
        if "input.size(-1)" not in str(e):
            raise
        fail(f"{what} failed on X {fmt_shape(X.shape)} ({e}): one-hot the token indices first, "
             "F.one_hot(inputs.T.long(), self.vocab_size).to(torch.float32)",
             f"{what} 在 X {fmt_shape(X.shape)} 上出错：先对词元索引做 one-hot，"
             "F.one_hot(inputs.T.long(), self.vocab_size).to(torch.float32)")
    expect(isinstance(out, tuple) and len(out) == 2, f"{what} returned {type(out).__name__}: return (output, state)",
           f"{what} 返回了 {type(out).__name__}：应返回 (output, state)")
    Y, new_state = out
    want_Y, want_new = want_net(X, want_state)
    if torch.is_tensor(Y) and tuple(Y.shape) == (t, b, v):
        fail(f"{what} returned outputs of shape {fmt_shape(Y.shape)}: reshape the RNN's outputs to (num_steps * "
             "batch_size, num_hiddens) before the linear layer, self.linear(Y.reshape((-1, Y.shape[-1]))), so "
             f"that the output is ({t * b}, {v}) as train_epoch_ch8's y = Y.T.reshape(-1) expects",
             f"{what} 的输出形状为 {fmt_shape(Y.shape)}：进线性层之前先把 RNN 的输出 reshape 成 (num_steps * "
             f"batch_size, num_hiddens)，self.linear(Y.reshape((-1, Y.shape[-1])))，输出才是 ({t * b}, {v})")
    expect_tensor(Y, want_Y, f"the output of {what} on X {fmt_shape(X.shape)}", atol=1e-5)
    for s, w in zip(new_state if kind == "lstm" else (new_state,), want_new if kind == "lstm" else (want_new,),
                    strict=True):
        expect_tensor(s, w, f"the state {what} returned", atol=1e-5)
