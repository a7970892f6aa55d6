"""d2l 10.3 Attention scoring functions (注意力评分函数).

Write each function and class below; its docstring shows the command that checks it.
From scratch: AdditiveAttention and DotProductAttention may not call F.scaled_dot_product_attention,
nn.MultiheadAttention or nn.Transformer*; masked_softmax may call softmax (chapter 3 wrote it).
The book's masked_softmax calls chapter 9's d2l.sequence_mask, which writes into its argument; here
you build the mask yourself (a comparison of torch.arange with the lengths).
从零实现：两种注意力都不能调用 torch 自带的注意力；masked_softmax 可以调用 softmax。
"""

import math

import torch
from torch import nn


def masked_softmax(X, valid_lens):
    """Softmax over the last axis of X (batch, queries, keys), counting only the first valid_lens keys (掩蔽softmax).

    valid_lens is None (no mask), 1-D (batch,): one length for every query of an example, or 2-D
    (batch, queries): one length per query. Masked scores are replaced with -1e6 before the softmax, as
    d2l does, so they get weight 0; the mask is made on X's device. A valid length of 0 masks every key:
    all scores are then -1e6 and the weights come out uniform (1 / keys each), as d2l's (d2l PR #2423
    discusses it); the tests expect that, not nan.
    最后一维是键；被掩蔽的分数换成 -1e6 再做 softmax；有效长度为 0 时权重均匀（d2l 的行为），不能是 nan。
    Check: python grade.py masked_softmax
    """
    # TODO
    raise NotImplementedError


class AdditiveAttention(nn.Module):
    """Additive attention (加性注意力): score(q, k) = w_v^T tanh(W_q q + W_k k).

    __init__(key_size, query_size, num_hiddens, dropout): W_k, W_q (to num_hiddens) and w_v (to 1),
    all nn.Linear without bias, and nn.Dropout(dropout). forward(queries (batch, q, query_size), keys
    (batch, k, key_size), values (batch, k, v), valid_lens): every query with every key, scores
    (batch, q, k), self.attention_weights = masked_softmax(scores, valid_lens), return
    bmm(dropout(weights), values) (batch, q, v).
    Check: python grade.py AdditiveAttention
    """

    def __init__(self, key_size, query_size, num_hiddens, dropout, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, queries, keys, values, valid_lens):
        # TODO
        raise NotImplementedError


class DotProductAttention(nn.Module):
    """Scaled dot-product attention (缩放点积注意力): scores q.k / sqrt(d), d the length of a query vector.

    __init__(dropout): nn.Dropout(dropout). forward(queries (batch, q, d), keys (batch, k, d), values
    (batch, k, v), valid_lens=None): self.attention_weights = masked_softmax(scores, valid_lens); return
    bmm(dropout(weights), values).
    Check: python grade.py DotProductAttention
    """

    def __init__(self, dropout, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, queries, keys, values, valid_lens=None):
        # TODO
        raise NotImplementedError
