"""d2l 9.4 Bidirectional recurrent neural networks (双向循环神经网络).

Write each function below; its docstring shows the command that checks it. Your RNNModel (8.6) is
d2l.RNNModel; the grader uses the reference one.
你在 8.6 写的 RNNModel 就是 d2l.RNNModel；评分时使用参考实现。
"""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch8_6_rnn_concise.py")


def bidirectional_lstm(vocab_size, num_hiddens, num_layers):
    """The book's bidirectional LSTM (双向 LSTM). Check: python grade.py bidirectional_lstm

    Return d2l.RNNModel over nn.LSTM(..., bidirectional=True) of num_layers layers that reads one-hot
    tokens (vocab_size features). RNNModel's output layer then sees 2 * num_hiddens features, and the
    state is (H, C), each (2 * num_layers, batch_size, num_hiddens).
    """
    # TODO
    raise NotImplementedError


def peeks_ahead(net, inputs, device):
    """Whether a language model reads the future (语言模型是否偷看了未来). Check: python grade.py peeks_ahead

    net is an RNNModel-like language model (net.vocab_size, net.begin_state(device, batch_size),
    net(inputs, state) -> (output of shape (num_steps * batch_size, vocab_size), step-major, state)).
    inputs holds token indices (batch_size, num_steps). Return True when net's prediction at some step
    changes when only the tokens after that step change, else False. Do not modify inputs.
    This is the book's lesson why a bidirectional language model predicts badly.
    若只改动某一步之后的词元，该步的预测就会改变，则返回 True。这正是双向语言模型预测很差的原因。
    """
    # TODO
    raise NotImplementedError
