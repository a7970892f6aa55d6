"""d2l 10.4 Bahdanau attention (Bahdanau 注意力): a seq2seq decoder that attends to the encoder's outputs.

Write the class below; its docstring shows the command that checks it. Your AdditiveAttention (10.3)
is d2l.AdditiveAttention; the grader uses the reference one. The grader trains your decoder with
chapter 9's seq2seq encoder and train_seq2seq on English-French pairs.
你的 AdditiveAttention（10.3）就是 d2l.AdditiveAttention；批改时用参考实现。
"""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch10_3_attention_scoring.py")


class AttentionDecoder(nn.Module):
    """The interface of a decoder with attention (given, as in the book; d2l derives it from chapter 9's
    d2l.Decoder, an nn.Module with init_state and forward): it also shows its attention weights."""

    def init_state(self, enc_outputs, *args):
        raise NotImplementedError

    @property
    def attention_weights(self):
        raise NotImplementedError


class Seq2SeqAttentionDecoder(AttentionDecoder):
    """A GRU decoder with additive attention over the encoder's outputs (带有注意力机制的解码器).

    __init__(vocab_size, embed_size, num_hiddens, num_layers, dropout=0): self.attention =
    d2l.AdditiveAttention(num_hiddens, num_hiddens, num_hiddens, dropout), self.embedding
    (vocab_size -> embed_size), self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers,
    dropout=dropout) and self.dense (num_hiddens -> vocab_size).
    init_state(enc_outputs, enc_valid_lens): enc_outputs is chapter 9's (outputs (num_steps, batch,
    hiddens), hidden_state); return (outputs batch first, hidden_state, enc_valid_lens).
    forward(X (batch, num_steps), state): one step at a time. The query is the top layer's previous
    state, hidden_state[-1], as (batch, 1, hiddens); the keys and values are the encoder's outputs,
    masked with enc_valid_lens; the GRU's input is the context concatenated BEFORE the step's embedding
    (dim=-1). Keep each step's self.attention.attention_weights in self._attention_weights. Return
    (outputs (batch, num_steps, vocab_size), [enc_outputs, hidden_state, enc_valid_lens]).
    attention_weights: a property returning self._attention_weights.
    查询是上一步顶层的隐状态；上下文向量拼接在词嵌入之前；逐步保存注意力权重。
    Check: python grade.py Seq2SeqAttentionDecoder
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
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
