# d2l 8.4's product of concatenations, as the book prints it (d2l.matmul, d2l.concat are torch.matmul, torch.cat).
def rnn_step_concat(X, H, W_xh, W_hh, b_h):
    return torch.tanh(torch.matmul(torch.cat((X, H), 1), torch.cat((W_xh, W_hh), 0)) + b_h)
