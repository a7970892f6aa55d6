# d2l 8.4's sum of two products, as the book prints it, with the bias and tanh of (8.4.5).
def rnn_step(X, H, W_xh, W_hh, b_h):
    return torch.tanh(torch.matmul(X, W_xh) + torch.matmul(H, W_hh) + b_h)
