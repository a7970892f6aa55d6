# A state of ones.
# expect: values differ
def init_rnn_state(batch_size, num_hiddens, device):
    return (torch.ones((batch_size, num_hiddens), device=device),)
