# d2l 9.4's code, as the book prints it, in a function.


def bidirectional_lstm(vocab_size, num_hiddens, num_layers):
    num_inputs = vocab_size
    lstm_layer = nn.LSTM(num_inputs, num_hiddens, num_layers, bidirectional=True)
    model = d2l.RNNModel(lstm_layer, vocab_size)
    return model
