# Right values, but two products: the identity the section shows is not used.
# expect: does the work of two
def rnn_step_concat(X, H, W_xh, W_hh, b_h):
    return torch.tanh(torch.matmul(X, W_xh) + torch.matmul(H, W_hh) + b_h)
