# A GRU where the book stacks LSTM layers.
# expect: the book stacks LSTM layers


def deep_lstm(vocab_size, num_hiddens, num_layers):
    return d2l.RNNModel(nn.GRU(vocab_size, num_hiddens, num_layers), vocab_size)
