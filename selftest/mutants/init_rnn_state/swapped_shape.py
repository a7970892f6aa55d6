# (num_hiddens, batch_size).
# expect: shape
def init_rnn_state(batch_size, num_hiddens, device):
    return (torch.zeros((num_hiddens, batch_size), device=device),)
