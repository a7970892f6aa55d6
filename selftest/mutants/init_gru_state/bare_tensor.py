# A bare tensor instead of (H,).
# expect: a tuple (H,)
def init_gru_state(batch_size, num_hiddens, device):
    return torch.zeros((batch_size, num_hiddens), device=device)
