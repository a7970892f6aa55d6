"""d2l 8.4 Recurrent neural networks (循环神经网络): the hidden state's update, two ways."""

import torch


def rnn_step(X, H, W_xh, W_hh, b_h):
    """One step of an RNN's hidden state: tanh(X W_xh + H W_hh + b_h) (d2l's (8.4.5))."""
    return torch.tanh(torch.matmul(X, W_xh) + torch.matmul(H, W_hh) + b_h)


def rnn_step_concat(X, H, W_xh, W_hh, b_h):
    """The same step as one matrix product: [X, H] (side by side) times [W_xh; W_hh] (stacked)."""
    return torch.tanh(torch.matmul(torch.cat((X, H), 1), torch.cat((W_xh, W_hh), 0)) + b_h)
