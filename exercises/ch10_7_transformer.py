"""d2l 10.7 Transformer.

Write each class below; its docstring shows the command that checks it. Your AttentionDecoder
(10.4), MultiHeadAttention (10.5) and PositionalEncoding (10.6) are d2l.AttentionDecoder,
d2l.MultiHeadAttention and d2l.PositionalEncoding; the grader uses the reference ones, and within
this file the reference AddNorm, PositionWiseFFN, EncoderBlock and DecoderBlock where another class
uses them. From scratch: no nn.Transformer*, nn.MultiheadAttention or F.scaled_dot_product_attention.
The book derives TransformerEncoder from chapter 9's d2l.Encoder, an nn.Module whose forward it
overrides; nn.Module is the same here.
从零实现：不能调用 torch 自带的 Transformer 或多头注意力。
"""

import math

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch10_4_bahdanau_attention.py", "ch10_5_multihead_attention.py",
               "ch10_6_self_attention.py")


class PositionWiseFFN(nn.Module):
    """The position-wise feed-forward network (基于位置的前馈网络): the same MLP at every position.

    __init__(ffn_num_input, ffn_num_hiddens, ffn_num_outputs): self.dense1 (input -> hiddens),
    self.relu, self.dense2 (hiddens -> outputs). forward(X (batch, steps, input)): dense2(relu(dense1(X))).
    Check: python grade.py PositionWiseFFN
    """

    def __init__(self, ffn_num_input, ffn_num_hiddens, ffn_num_outputs, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, X):
        # TODO
        raise NotImplementedError


class AddNorm(nn.Module):
    """Residual connection followed by layer normalisation (残差连接和层规范化).

    __init__(normalized_shape, dropout): self.dropout = nn.Dropout(dropout), self.ln =
    nn.LayerNorm(normalized_shape). forward(X, Y): dropout on Y, add the residual X, then normalise.
    先对 Y 做 dropout，再加上 X，最后做层规范化。
    Check: python grade.py AddNorm
    """

    def __init__(self, normalized_shape, dropout, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, X, Y):
        # TODO
        raise NotImplementedError


class EncoderBlock(nn.Module):
    """A Transformer encoder block (编码器块): self-attention and the FFN, each followed by AddNorm.

    __init__(key_size, query_size, value_size, num_hiddens, norm_shape, ffn_num_input, ffn_num_hiddens,
    num_heads, dropout, use_bias=False): self.attention = d2l.MultiHeadAttention(key_size, query_size,
    value_size, num_hiddens, num_heads, dropout, use_bias), self.addnorm1, self.ffn =
    PositionWiseFFN(ffn_num_input, ffn_num_hiddens, num_hiddens), self.addnorm2.
    forward(X, valid_lens): Y = addnorm1(X, self-attention of X masked by valid_lens); return addnorm2(Y, ffn(Y)).
    Check: python grade.py EncoderBlock
    """

    def __init__(self, key_size, query_size, value_size, num_hiddens, norm_shape, ffn_num_input, ffn_num_hiddens,
                 num_heads, dropout, use_bias=False, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, X, valid_lens):
        # TODO
        raise NotImplementedError


class TransformerEncoder(nn.Module):
    """The Transformer encoder (Transformer 编码器).

    __init__(vocab_size, key_size, query_size, value_size, num_hiddens, norm_shape, ffn_num_input,
    ffn_num_hiddens, num_heads, num_layers, dropout, use_bias=False): self.num_hiddens, self.embedding
    (vocab_size -> num_hiddens), self.pos_encoding = d2l.PositionalEncoding(num_hiddens, dropout), and
    self.blks, an nn.Sequential of num_layers EncoderBlocks named "block0", "block1", ...
    forward(X (batch, steps) token indices, valid_lens, *args): embed, scale by sqrt(num_hiddens) (the
    embedding's values are small next to P's), add the positional encoding, run the blocks; keep each
    block's attention weights in self.attention_weights (a list, one per block); return (batch, steps,
    num_hiddens).
    嵌入乘以 sqrt(num_hiddens) 之后再加位置编码；保存每个块的注意力权重。
    Check: python grade.py TransformerEncoder
    """

    def __init__(self, vocab_size, key_size, query_size, value_size, num_hiddens, norm_shape, ffn_num_input,
                 ffn_num_hiddens, num_heads, num_layers, dropout, use_bias=False, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, X, valid_lens, *args):
        # TODO
        raise NotImplementedError


class DecoderBlock(nn.Module):
    """The i-th Transformer decoder block (解码器中第 i 个块).

    __init__(key_size, query_size, value_size, num_hiddens, norm_shape, ffn_num_input, ffn_num_hiddens,
    num_heads, dropout, i): self.i = i; self.attention1 (masked self-attention) and self.attention2
    (encoder-decoder attention), both d2l.MultiHeadAttention(key_size, query_size, value_size,
    num_hiddens, num_heads, dropout); self.addnorm1, addnorm2, addnorm3; self.ffn.
    forward(X, state): state = [enc_outputs, enc_valid_lens, cache], cache[i] holding what block i saw
    before (None at first). The keys and values of the self-attention are cache[i] and X concatenated
    along the steps (dim=1), and cache[i] becomes that. In training (self.training), position t may
    attend to positions 1..t only: dec_valid_lens (batch, steps) = [1, 2, ..., steps] per example, on
    X's device; in prediction (eval) no mask, since the cache holds only the past. The encoder-decoder
    attention attends to enc_outputs with enc_valid_lens. Return (output, state).
    训练时用因果掩码 dec_valid_lens（在 X 的设备上），预测时不用；键值缓存在 state[2][i]，要拼接而不是替换。
    Check: python grade.py DecoderBlock
    """

    def __init__(self, key_size, query_size, value_size, num_hiddens, norm_shape, ffn_num_input, ffn_num_hiddens,
                 num_heads, dropout, i, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, X, state):
        # TODO
        raise NotImplementedError


class TransformerDecoder(d2l.AttentionDecoder):
    """The Transformer decoder (Transformer 解码器).

    __init__(vocab_size, key_size, query_size, value_size, num_hiddens, norm_shape, ffn_num_input,
    ffn_num_hiddens, num_heads, num_layers, dropout): self.num_hiddens, self.num_layers, self.embedding,
    self.pos_encoding, self.blks (an nn.Sequential of DecoderBlocks "block0", ... with i = 0, 1, ...) and
    self.dense (num_hiddens -> vocab_size). init_state(enc_outputs, enc_valid_lens): [enc_outputs,
    enc_valid_lens, [None] * num_layers]. forward(X, state): embed, scale by sqrt(num_hiddens), add the
    positional encoding, run the blocks; keep self._attention_weights = [[self-attention weights per
    block], [encoder-decoder attention weights per block]]; return (dense(X), state).
    attention_weights: a property returning self._attention_weights.
    Check: python grade.py TransformerDecoder
    """

    def __init__(self, vocab_size, key_size, query_size, value_size, num_hiddens, norm_shape, ffn_num_input,
                 ffn_num_hiddens, num_heads, num_layers, dropout, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def init_state(self, enc_outputs, enc_valid_lens, *args):
        # TODO
        raise NotImplementedError

    def forward(self, X, state):
        # TODO
        raise NotImplementedError

    @property
    def attention_weights(self):
        # TODO
        raise NotImplementedError
