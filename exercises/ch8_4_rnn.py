"""d2l 8.4 Recurrent neural networks (循环神经网络): the hidden state's update, two ways.

Write each function below; its docstring shows the command that checks it. The book shows that
X @ W_xh + H @ W_hh is one product of concatenations: torch.cat((X, H), 1) @ torch.cat((W_xh, W_hh), 0).
书中说明 X @ W_xh + H @ W_hh 等于拼接后的一次矩阵乘法。
"""

import torch


def rnn_step(X, H, W_xh, W_hh, b_h):
    """Return the next hidden state tanh(X W_xh + H W_hh + b_h) (d2l's (8.4.5)).

    X (batch, inputs), H (batch, hiddens), W_xh (inputs, hiddens), W_hh (hiddens, hiddens),
    b_h (hiddens,); the result is (batch, hiddens).
    返回下一个隐状态 tanh(X W_xh + H W_hh + b_h)。
    Check: python grade.py rnn_step
    """
    # TODO
    raise NotImplementedError


def rnn_step_concat(X, H, W_xh, W_hh, b_h):
    """Return the same hidden state with one matrix product instead of two.

    Put X and H side by side (torch.cat along dim 1) and W_xh on top of W_hh (along dim 0); their
    product equals X @ W_xh + H @ W_hh. Add b_h and apply tanh.
    用一次矩阵乘法算出同样的隐状态：X 与 H 沿第 1 维拼接，W_xh 与 W_hh 沿第 0 维拼接。
    Check: python grade.py rnn_step_concat
    """
    # TODO
    raise NotImplementedError
