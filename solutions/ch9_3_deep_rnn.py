"""d2l 9.3 Deep recurrent neural networks (深度循环神经网络)."""

from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch8_6_rnn_concise.py")


def deep_lstm(vocab_size, num_hiddens, num_layers):
    """The book's deep LSTM language model: d2l.RNNModel over num_layers stacked nn.LSTM layers that read
    one-hot tokens (vocab_size features). Its state is (H, C), each (num_layers, batch_size, num_hiddens)."""
    lstm_layer = nn.LSTM(vocab_size, num_hiddens, num_layers)
    return d2l.RNNModel(lstm_layer, vocab_size)
