# Only H, as for the GRU.
# expect: the LSTM's state is a tuple of two
def init_lstm_state(batch_size, num_hiddens, device):
    return (torch.zeros((batch_size, num_hiddens), device=device),)
