# bidirectional=True forgotten.
# expect: bidirectional=False


def bidirectional_lstm(vocab_size, num_hiddens, num_layers):
    return d2l.RNNModel(nn.LSTM(vocab_size, num_hiddens, num_layers), vocab_size)
