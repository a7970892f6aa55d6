# d2l 8.5's init_rnn_state, as the book prints it (d2l.zeros is torch.zeros).
def init_rnn_state(batch_size, num_hiddens, device):
    return (torch.zeros((batch_size, num_hiddens), device=device), )
