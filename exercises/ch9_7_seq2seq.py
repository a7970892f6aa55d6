"""d2l 9.7 Sequence to sequence learning (序列到序列学习): a GRU encoder-decoder that translates.

Write each function and class below; its docstring shows the command that checks it. Encoder,
Decoder and EncoderDecoder (9.6), grad_clipping (8.5), truncate_pad (9.5), Timer (3.2) and
Animator and Accumulator (3.6) are d2l.<name>, yours from those files; the grader uses the
reference ones. The book's d2l.concat is torch.cat.
Two places where this workbook follows the fixed d2l-en code rather than the book's d2l 0.17.6
(each docstring says why): Seq2SeqDecoder's state carries the context, and MaskedSoftmaxCELoss
sums over the steps.
"""

import collections
import math

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch3_2_linear_regression_scratch.py", "ch3_6_softmax_scratch.py",
               "ch8_5_rnn_scratch.py", "ch9_5_machine_translation.py", "ch9_6_encoder_decoder.py")


class Seq2SeqEncoder(d2l.Encoder):
    """The RNN encoder for sequence to sequence learning. Check: python grade.py Seq2SeqEncoder

    Seq2SeqEncoder(vocab_size, embed_size, num_hiddens, num_layers, dropout=0): self.embedding =
    nn.Embedding(vocab_size, embed_size), self.rnn = nn.GRU(embed_size, num_hiddens, num_layers,
    dropout=dropout). forward(X, *args): X (batch_size, num_steps) of indices; embed, put time first
    (permute to (num_steps, batch_size, embed_size)), run the GRU from its default zero state, and
    return (output, state): output (num_steps, batch_size, num_hiddens), state (num_layers,
    batch_size, num_hiddens).
    嵌入层加 GRU；返回 (output, state)。
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, X, *args):
        # TODO
        raise NotImplementedError


class Seq2SeqDecoder(d2l.Decoder):
    """The RNN decoder for sequence to sequence learning. Check: python grade.py Seq2SeqDecoder

    Seq2SeqDecoder(vocab_size, embed_size, num_hiddens, num_layers, dropout=0): self.embedding =
    nn.Embedding(vocab_size, embed_size), self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens,
    num_layers, dropout=dropout), self.dense = nn.Linear(num_hiddens, vocab_size).
    init_state(enc_outputs, *args): enc_outputs is the encoder's (output, state); return the state
    (hidden, context): hidden = the encoder's state, context = its top layer, enc_state[-1].
    forward(X, state): X (batch_size, num_steps) of indices; embed and put time first; concatenate
    the context, repeated for every step, to every step's embedding (dim 2); run the GRU from
    hidden; return (output, (new hidden, the same context)), output = self.dense(...) permuted to
    (batch_size, num_steps, vocab_size).
    Why the context rides in the state: the book's init_state returns only the encoder's state and
    forward takes state[-1] as the context. In training (one call over all steps) that is the
    encoder's, but predict_seq2seq calls forward once per token, and from the second token on
    state[-1] is the decoder's own last state (d2l-en#2134). The context must stay the encoder's.
    解码器的状态是 (hidden, context)：context 始终是编码器最后一层的最终隐状态，每一步都拼接到输入上。
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def init_state(self, enc_outputs, *args):
        # TODO
        raise NotImplementedError

    def forward(self, X, state):
        # TODO
        raise NotImplementedError


def sequence_mask(X, valid_len, value=0):
    """Set X[i, j] = value wherever j >= valid_len[i] (X at least 2D: j is dim 1) and return X.

    Compare torch.arange(X.size(1)) (made on X's device) with valid_len[:, None]: the positions
    kept are those < valid_len. Change X in place (X[~mask] = value), as the book does.
    把每行第 valid_len 个位置及之后的元素置为 value。
    Check: python grade.py sequence_mask
    """
    # TODO
    raise NotImplementedError


class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    """The softmax cross-entropy loss with masks (带遮蔽的交叉熵损失). Check: python grade.py MaskedSoftmaxCELoss

    forward(pred, label, valid_len): pred (batch_size, num_steps, vocab_size), label (batch_size,
    num_steps), valid_len (batch_size,). weights = sequence_mask(torch.ones_like(label), valid_len);
    self.reduction = 'none'; the unweighted loss is super().forward(pred.permute(0, 2, 1), label)
    (nn.CrossEntropyLoss wants the classes on dim 1); return (unweighted_loss * weights).sum(dim=1),
    shape (batch_size,): each sequence's loss over its valid tokens.
    The book takes .mean(dim=1), which divides by num_steps, padding included, so short sentences
    weigh less and train_seq2seq's "loss per token" is num_steps times too small (d2l-en#2076).
    """

    def forward(self, pred, label, valid_len):
        # TODO
        raise NotImplementedError


def xavier_init_weights(m):
    """d2l's initialisation in train_seq2seq: Xavier-uniform weights of Linear and GRU layers (given)."""
    if type(m) is nn.Linear:
        nn.init.xavier_uniform_(m.weight)
    if type(m) is nn.GRU:
        for param in m._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(m._parameters[param])


def train_seq2seq(net, data_iter, lr, num_epochs, tgt_vocab, device):
    """Train net (an EncoderDecoder) for num_epochs; return the loss per token of each epoch, a list.

    net.apply(xavier_init_weights); net.to(device); torch.optim.Adam(net.parameters(), lr=lr);
    loss = MaskedSoftmaxCELoss(); net.train(). For each batch (X, X_valid_len, Y, Y_valid_len), moved
    to device: teacher forcing, dec_input = <bos> (one per row, a tensor made on device) followed by
    Y[:, :-1]; Y_hat, _ = net(X, dec_input, X_valid_len); l = loss(Y_hat, Y, Y_valid_len);
    l.sum().backward(); d2l.grad_clipping(net, 1); optimizer.step(). An epoch's loss per token is
    the sum of l over the epoch divided by the sum of Y_valid_len. Every 10th epoch add it to a
    d2l.Animator(xlabel='epoch', ylabel='loss', xlim=[10, num_epochs]); print the last one.
    用教师强制训练；返回每轮的每词元损失。
    Check: python grade.py train_seq2seq
    """
    # TODO
    raise NotImplementedError


def predict_seq2seq(net, src_sentence, src_vocab, tgt_vocab, num_steps, device, save_attention_weights=False):
    """Translate src_sentence greedily; return (translation, attention_weight_seq).

    net.eval() first (dropout off). The source: src_vocab[src_sentence.lower().split(' ')] plus
    <eos>, its valid length before padding, d2l.truncate_pad to num_steps, a batch of one on device.
    enc_outputs = net.encoder(enc_X, enc_valid_len); dec_state = net.decoder.init_state(enc_outputs,
    enc_valid_len); the first input is <bos> (shape (1, 1)). Up to num_steps times: Y, dec_state =
    net.decoder(dec_X, dec_state); the next input is Y.argmax(dim=2); if save_attention_weights,
    append net.decoder.attention_weights; stop at <eos> (not part of the translation). Return the
    predicted tokens joined by ' ', and the list of attention weights.
    贪心地逐词预测，遇到 <eos> 停止。
    Check: python grade.py predict_seq2seq
    """
    # TODO
    raise NotImplementedError


def bleu(pred_seq, label_seq, k):
    """BLEU of pred_seq against label_seq (strings of words separated by ' '), n-grams n = 1..k.

    exp(min(0, 1 - len_label / len_pred)) (the brevity penalty) times, for each n, p_n ** (0.5 ** n),
    where p_n = the n-grams of pred that match one of label / the n-grams of pred, each n-gram of
    label matching at most as often as it occurs in label (clipped counts).
    计算 BLEU：长度惩罚乘以各阶 n-gram 精度的加权乘积（匹配次数要截断）。
    Check: python grade.py bleu
    """
    # TODO
    raise NotImplementedError
