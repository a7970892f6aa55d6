"""Graded tests for d2l 9.4, bidirectional RNNs: the book's bidirectional LSTM, and why it makes a bad language
model (its prediction at a step reads the tokens after it, the very token it should predict)."""

import random

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from katas.checks import expect, fail
from katas.fixtures import reference
from katas.rnncheck import expect_lstm_model
from katas.testkit import unseen

exercise = pytest.mark.exercise


@exercise("bidirectional_lstm")
def test_bidirectional_lstm(impl, device):
    v, h = random.sample(range(5, 13), 2)
    layers = random.randint(1, 3)
    expect_lstm_model(impl.bidirectional_lstm(v, h, layers), v, h, layers, True, device,
                      f"bidirectional_lstm({v}, {h}, {layers})")


class _Oracle(nn.Module):
    """A 'language model' whose prediction at step t is a one-hot token of the input: x[t] (honest) or x[t + 1]
    (it reads the label it should predict, as a bidirectional model may; the last step predicts nothing)."""

    katas_lends = ("vocab_size", "begin_state")  # in instructor mode: what d2l's RNNModel offers, across processes

    def __init__(self, vocab_size, ahead):
        super().__init__()
        self.vocab_size, self.ahead = vocab_size, ahead

    def begin_state(self, device, batch_size=1):
        return torch.zeros((1, batch_size, 1), device=device)

    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size).float()  # (num_steps, batch_size, vocab_size)
        if self.ahead:
            X = torch.cat([X[1:], torch.zeros_like(X[:1])])
        return X.reshape(-1, self.vocab_size), state


def _nets(v, h):
    """(name, net, reads the future?): each kind of layer one way and both ways, and the two oracles twice, in an
    order the test's seed does not give (red team I41 passed with answers that followed the order alone)."""
    RNNModel = reference("ch8_6_rnn_concise.py").RNNModel
    nets = [("a model that predicts the token it reads", _Oracle(v, ahead=False), False),
            ("a model that predicts the next token by reading it", _Oracle(v, ahead=True), True)] * 2
    for kind in (nn.RNN, nn.GRU, nn.LSTM):
        layers = random.randint(1, 2)
        nets += [(f"RNNModel(nn.{kind.__name__}({v}, {h}, {layers}))", RNNModel(kind(v, h, layers), v), False),
                 (f"RNNModel(nn.{kind.__name__}({v}, {h}, {layers}, bidirectional=True))",
                  RNNModel(kind(v, h, layers, bidirectional=True), v), True)]
    unseen().shuffle(nets)  # 5 of 10 read the future: an answer by position is right once in 252 orders
    return nets


@exercise("peeks_ahead")
def test_peeks_ahead(impl, device):
    v, h = random.sample(range(5, 13), 2)
    b, t = random.randint(2, 4), random.randint(3, 6)
    inputs = torch.randint(0, v, (b, t), device=device)
    wrong = []  # (what, got): judged once all are asked, a wrong True first (the nets come in no fixed order)
    for name, net, reads_future in _nets(v, h):
        net = net.to(device)
        kept = inputs.clone()
        what = f"peeks_ahead(net, inputs, device) for {name} and inputs of shape ({b}, {t})"
        try:
            got = impl.peeks_ahead(net, inputs, device)
        except NotImplementedError:  # a RuntimeError too: the untouched stub is not started, not a device slip
            raise
        except RuntimeError as e:
            fail(f"{what} failed ({e}): start each run from net.begin_state(device, inputs.shape[0]), one state per "
                 "sequence, on device, and make every new tensor on inputs' device",
                 f"{what} 出错：每次运行都从 net.begin_state(device, inputs.shape[0]) 开始，每个序列一个状态，"
                 "放在 device 上；新张量也要建在 inputs 的设备上")
        expect(torch.equal(inputs, kept), f"{what} changed inputs: change a copy, inputs.clone()",
               f"{what} 修改了 inputs：应修改副本 inputs.clone()")
        expect(isinstance(got, bool) or (torch.is_tensor(got) and got.numel() == 1 and got.dtype == torch.bool),
               f"{what} returned {got!r:.60}: return True or False", f"{what} 返回了 {got!r:.60}：应返回 True 或 False")
        if bool(got) != reads_future:
            wrong.append((not reads_future, what))
    for wrongly_true, what in sorted(wrong, key=lambda w: not w[0])[:1]:
        if wrongly_true:
            fail(f"{what} is True, but its prediction at each step depends only on the tokens up to that step: "
                 "the predictions at and after a changed token always change; change only the tokens after a step "
                 "and compare the predictions made at that step (the output's rows are step-major: the first "
                 "batch_size rows are step 0's)",
                 f"{what} 为 True，但它每一步的预测只取决于该步及之前的词元：被改动的词元及其之后的预测总会变；"
                 "只改某一步之后的词元，再比较该步的预测（输出按时间步排列：前 batch_size 行是第 0 步）")
        else:
            fail(f"{what} is False, but its prediction at step t reads token t + 1, the label it should predict: "
                 "this is why the book's bidirectional language model predicts badly (it learns to copy the next "
                 "token, which is unknown when it generates text). Change every token after step 0 and compare the "
                 "predictions at step 0, or change the last token and compare every step before it",
                 f"{what} 为 False，但它在第 t 步的预测读取了第 t + 1 个词元，即它要预测的标签：这就是书中双向语言模型"
                 "预测很差的原因（它学会了抄下一个词元，而生成文本时下一个词元未知）。改动第 0 步之后的所有词元并比较"
                 "第 0 步的预测，或改动最后一个词元并比较它之前每一步的预测")
