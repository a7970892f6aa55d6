"""Graded tests for d2l 9.6, EncoderDecoder: encode, init the decoder's state with the same extra arguments, decode."""

import random

import pytest
import torch
from torch import nn

from katas.checks import expect
from katas.testkit import build

exercise = pytest.mark.exercise


class RecordingEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.ones(1))
        self.calls = []

    def forward(self, X, *args):
        self.calls.append((X, args))
        return ("enc_outputs", X)


class RecordingDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.ones(1))
        self.inits, self.calls = [], []

    def init_state(self, enc_outputs, *args):
        self.inits.append((enc_outputs, args))
        return "state"

    def forward(self, X, state):
        self.calls.append((X, state))
        return X * 2, "new state"


@exercise("EncoderDecoder")
def test_encoder_decoder(impl):
    enc, dec = RecordingEncoder(), RecordingDecoder()
    net = build(impl.EncoderDecoder, enc, dec)
    expect(net.encoder is enc and net.decoder is dec, "EncoderDecoder keeps the encoder as self.encoder and the "
           "decoder as self.decoder (predict_seq2seq calls net.encoder and net.decoder)",
           "EncoderDecoder 要把它们保存为 self.encoder 和 self.decoder（predict_seq2seq 会用到）")
    expect(len(list(net.parameters())) == 2, "EncoderDecoder's parameters must be its encoder's and decoder's: keep "
           "them as attributes of the nn.Module", "EncoderDecoder 的参数应是编码器和解码器的参数")
    enc_X, dec_X = torch.randn(2, 3), torch.randn(2, 4)
    extra = random.randint(1, 9)
    out = net(enc_X, dec_X, extra)
    expect(enc.calls and enc.calls[0][0] is enc_X and enc.calls[0][1] == (extra,), "EncoderDecoder.forward(enc_X, "
           "dec_X, *args) must call self.encoder(enc_X, *args): the extra arguments (valid lengths) go on",
           "EncoderDecoder.forward 要调用 self.encoder(enc_X, *args)：额外参数（有效长度）要传下去")
    expect(dec.inits and dec.inits[0][0] == ("enc_outputs", enc_X), "the decoder's state must come from "
           "self.decoder.init_state(enc_outputs, *args), with the encoder's outputs",
           "解码器的状态要由 self.decoder.init_state(enc_outputs, *args) 得到")
    expect(dec.inits[0][1] == (extra,), "pass *args to init_state too, self.decoder.init_state(enc_outputs, *args): "
           "chapter 10's attention decoders read the valid lengths there",
           "init_state 也要传 *args：第 10 章的注意力解码器从这里读取有效长度")
    expect(dec.calls and dec.calls[0][0] is dec_X and dec.calls[0][1] == "state", "call self.decoder(dec_X, "
           "dec_state) with the state init_state returned",
           "要调用 self.decoder(dec_X, dec_state)，用 init_state 返回的状态")
    expect(isinstance(out, tuple) and len(out) == 2 and out[1] == "new state" and torch.equal(out[0], dec_X * 2),
           f"EncoderDecoder returned {out!r:.60}: return what the decoder returns, (output, state)",
           f"EncoderDecoder 返回了 {out!r:.60}：应返回解码器的返回值 (output, state)")
