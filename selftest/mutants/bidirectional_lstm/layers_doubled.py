# Two directions taken for twice the layers.
# expect: layer(s), expected


def bidirectional_lstm(vocab_size, num_hiddens, num_layers):
    return d2l.RNNModel(nn.LSTM(vocab_size, num_hiddens, 2 * num_layers, bidirectional=True), vocab_size)
