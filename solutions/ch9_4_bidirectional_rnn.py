"""d2l 9.4 Bidirectional recurrent neural networks (双向循环神经网络)."""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch8_6_rnn_concise.py")


def bidirectional_lstm(vocab_size, num_hiddens, num_layers):
    """The book's bidirectional LSTM: d2l.RNNModel over nn.LSTM(..., bidirectional=True). The output layer
    sees 2 * num_hiddens features; the state is (H, C), each (2 * num_layers, batch_size, num_hiddens)."""
    lstm_layer = nn.LSTM(vocab_size, num_hiddens, num_layers, bidirectional=True)
    return d2l.RNNModel(lstm_layer, vocab_size)


def peeks_ahead(net, inputs, device):
    """Whether the language model net reads the future: True when its prediction at some step changes
    when only the tokens after that step change (inputs: token indices (batch_size, num_steps))."""
    batch_size = inputs.shape[0]
    later = inputs.clone()
    later[:, 1:] = (later[:, 1:] + 1) % net.vocab_size  # every token after the first one changed
    with torch.no_grad():
        Y, _ = net(inputs, net.begin_state(device, batch_size))
        Y_later, _ = net(later, net.begin_state(device, batch_size))
    # Rows are (step, batch) in time order: the first batch_size rows predict after the first token only.
    return not torch.allclose(Y[:batch_size], Y_later[:batch_size])
