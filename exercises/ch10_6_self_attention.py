"""d2l 10.6 Self-attention and positional encoding (自注意力和位置编码).

Write the class below; its docstring shows the command that checks it. Write the encoding yourself
(no library's positional encoding).
"""

import torch
from torch import nn


class PositionalEncoding(nn.Module):
    """Sinusoidal positional encoding (位置编码), then dropout.

    __init__(num_hiddens, dropout, max_len=1000): self.dropout = nn.Dropout(dropout) and, built once,
    self.P (1, max_len, num_hiddens) with P[0, i, 2j] = sin(i / 10000^(2j / num_hiddens)) and
    P[0, i, 2j + 1] = cos(i / 10000^(2j / num_hiddens)). forward(X (batch, num_steps, num_hiddens)):
    X + P's first num_steps positions, on X's device, then dropout.
    偶数列 sin、奇数列 cos，P 只构造一次；forward 加上 P 的前 num_steps 个位置（在 X 的设备上），再 dropout。
    Check: python grade.py PositionalEncoding
    """

    def __init__(self, num_hiddens, dropout, max_len=1000):
        # TODO: super().__init__() first
        raise NotImplementedError

    def forward(self, X):
        # TODO
        raise NotImplementedError
