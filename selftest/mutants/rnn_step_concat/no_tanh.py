# The pre-activation is returned.
# expect: apply tanh
def rnn_step_concat(X, H, W_xh, W_hh, b_h):
    return torch.matmul(torch.cat((X, H), 1), torch.cat((W_xh, W_hh), 0)) + b_h
