# num_layers forgotten: one LSTM layer, not a deep one.
# expect: the third argument stacks them


def deep_lstm(vocab_size, num_hiddens, num_layers):
    return d2l.RNNModel(nn.LSTM(vocab_size, num_hiddens), vocab_size)
