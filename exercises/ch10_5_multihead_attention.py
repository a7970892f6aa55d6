"""d2l 10.5 Multi-head attention (多头注意力).

Write each function and class below; its docstring shows the command that checks it. Your
DotProductAttention (10.3) is d2l.DotProductAttention; the grader uses the reference one.
From scratch: MultiHeadAttention may not call nn.MultiheadAttention, F.scaled_dot_product_attention
or nn.Transformer*. How d2l's layout differs from nn.MultiheadAttention's: d2l's W_q, W_k, W_v, W_o are
four separate nn.Linear (bias=False by default) where torch packs the first three in one in_proj_weight
(with biases); d2l's keys may have other sizes than the queries; and d2l masks with valid lengths
(keys beyond them get no weight), torch with key_padding_mask (True where a key is ignored). With
the same weights and no mask or a padding mask, the two give the same output; the grader checks that.
从零实现：不能调用 torch 自带的多头注意力。d2l 用四个独立的 nn.Linear（默认无偏置），torch 把 W_q、W_k、W_v
合成一个 in_proj_weight；d2l 用有效长度掩蔽，torch 用 key_padding_mask。权重相同时两者输出相同。
"""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch10_3_attention_scoring.py")


class MultiHeadAttention(nn.Module):
    """Multi-head attention (多头注意力): num_heads scaled dot-product attentions side by side.

    __init__(key_size, query_size, value_size, num_hiddens, num_heads, dropout, bias=False):
    self.num_heads, self.attention = d2l.DotProductAttention(dropout), W_q, W_k, W_v (query_size,
    key_size, value_size -> num_hiddens) and W_o (num_hiddens -> num_hiddens), nn.Linear(..., bias=bias).
    forward(queries, keys, values, valid_lens): project, split into heads with transpose_qkv, repeat
    valid_lens (1-D or 2-D) once per head in the order transpose_qkv gives the heads, attend, join the
    heads with transpose_output and return W_o of it (batch, queries, num_hiddens).
    每个头用 num_hiddens / num_heads 个特征；valid_lens 按 transpose_qkv 的顺序为每个头复制一份。
    Check: python grade.py MultiHeadAttention
    """

    def __init__(self, key_size, query_size, value_size, num_hiddens, num_heads, dropout, bias=False, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, queries, keys, values, valid_lens):
        # TODO
        raise NotImplementedError


def transpose_qkv(X, num_heads):
    """(batch, n, num_hiddens) -> (batch * num_heads, n, num_hiddens / num_heads) (为多头并行计算变换形状).

    Row block b * num_heads + h holds head h of example b: features h * d ... (h + 1) * d - 1 of every
    position, positions kept apart.
    第 b * num_heads + h 块是样本 b 的第 h 个头：每个位置的第 h 段特征。
    Check: python grade.py transpose_qkv
    """
    # TODO
    raise NotImplementedError


def transpose_output(X, num_heads):
    """Undo transpose_qkv: (batch * num_heads, n, d) -> (batch, n, num_heads * d) (逆转 transpose_qkv).

    Check: python grade.py transpose_output
    """
    # TODO
    raise NotImplementedError
