"""d2l 10.4 Bahdanau attention (Bahdanau 注意力): a seq2seq decoder that attends to the encoder's outputs."""

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch10_3_attention_scoring.py")


class AttentionDecoder(nn.Module):
    """The interface of a decoder with attention (d2l derives it from chapter 9's d2l.Decoder, an nn.Module
    with init_state and forward): it also shows its attention weights."""

    def init_state(self, enc_outputs, *args):
        raise NotImplementedError

    @property
    def attention_weights(self):
        raise NotImplementedError


class Seq2SeqAttentionDecoder(AttentionDecoder):
    """A GRU decoder that, before each step, attends to the encoder's outputs with its top-layer state."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.attention = d2l.AdditiveAttention(num_hiddens, num_hiddens, num_hiddens, dropout)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, enc_valid_lens, *args):
        outputs, hidden_state = enc_outputs  # outputs (num_steps, batch, hiddens)
        return (outputs.permute(1, 0, 2), hidden_state, enc_valid_lens)  # keys and values batch-first

    def forward(self, X, state):
        enc_outputs, hidden_state, enc_valid_lens = state
        X = self.embedding(X).permute(1, 0, 2)  # (num_steps, batch, embed_size)
        outputs, self._attention_weights = [], []
        for x in X:
            query = torch.unsqueeze(hidden_state[-1], dim=1)  # the top layer's last state: (batch, 1, hiddens)
            context = self.attention(query, enc_outputs, enc_outputs, enc_valid_lens)
            x = torch.cat((context, torch.unsqueeze(x, dim=1)), dim=-1)  # context first, then the embedding
            out, hidden_state = self.rnn(x.permute(1, 0, 2), hidden_state)
            outputs.append(out)
            self._attention_weights.append(self.attention.attention_weights)
        outputs = self.dense(torch.cat(outputs, dim=0))
        return outputs.permute(1, 0, 2), [enc_outputs, hidden_state, enc_valid_lens]

    @property
    def attention_weights(self):
        return self._attention_weights
