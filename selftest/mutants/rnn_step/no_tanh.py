# The pre-activation is returned.
# expect: apply tanh
def rnn_step(X, H, W_xh, W_hh, b_h):
    return torch.matmul(X, W_xh) + torch.matmul(H, W_hh) + b_h
