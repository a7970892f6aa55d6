# The @ operator and torch.hstack / torch.vstack.
def rnn_step_concat(X, H, W_xh, W_hh, b_h):
    return (torch.hstack((X, H)) @ torch.vstack((W_xh, W_hh)) + b_h).tanh()
