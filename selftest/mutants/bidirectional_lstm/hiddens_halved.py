# Half the hidden units per direction, so that the two directions together give num_hiddens.
# expect: hidden units, expected num_hiddens


def bidirectional_lstm(vocab_size, num_hiddens, num_layers):
    return d2l.RNNModel(nn.LSTM(vocab_size, num_hiddens // 2, num_layers, bidirectional=True), vocab_size)
