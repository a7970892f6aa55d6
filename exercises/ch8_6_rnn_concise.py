"""d2l 8.6 Concise implementation of recurrent neural networks (循环神经网络的简洁实现).

Write the class below; its docstring shows the command that checks it. Chapter 9 reuses it with
nn.GRU and nn.LSTM.
第 9 章会用 nn.GRU 和 nn.LSTM 复用这个类。
"""

import torch
from torch import nn
from torch.nn import functional as F


class RNNModel(nn.Module):
    """The RNN model (循环神经网络模型). Check: python grade.py RNNModel

    RNNModel(rnn_layer, vocab_size): keep rnn_layer as self.rnn, vocab_size, and num_hiddens
    (rnn_layer.hidden_size); num_directions is 2 for a bidirectional layer, else 1, and self.linear
    maps num_hiddens * num_directions features to vocab_size. forward(inputs, state): inputs holds
    token indices (batch_size, num_steps); one-hot them as float32 of shape (num_steps, batch_size,
    vocab_size), run self.rnn(X, state) -> (Y, state), reshape Y to (num_steps * batch_size, hidden
    features) and apply self.linear; return (output, state). begin_state(device, batch_size=1):
    zeros (num_directions * num_layers, batch_size, num_hiddens) on device; for nn.LSTM a tuple of
    two such tensors (H, C).
    """

    def __init__(self, rnn_layer, vocab_size, **kwargs):
        # TODO: super().__init__(**kwargs) first, then the attributes above
        raise NotImplementedError

    def forward(self, inputs, state):
        # TODO
        raise NotImplementedError

    def begin_state(self, device, batch_size=1):
        # TODO
        raise NotImplementedError
