# The input size taken as num_hiddens (the upper layers' input), not the one-hot tokens' vocab_size.
# expect: its input size is vocab_size


def deep_lstm(vocab_size, num_hiddens, num_layers):
    return d2l.RNNModel(nn.LSTM(num_hiddens, num_hiddens, num_layers), vocab_size)
