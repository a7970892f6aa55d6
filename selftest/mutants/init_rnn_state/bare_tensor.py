# The state is not a tuple.
# expect: bare tensor
def init_rnn_state(batch_size, num_hiddens, device):
    return torch.zeros((batch_size, num_hiddens), device=device)
