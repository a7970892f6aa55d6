"""d2l 9.7 Sequence to sequence learning (序列到序列学习): a GRU encoder-decoder that translates."""

import collections
import math

import torch
from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch3_2_linear_regression_scratch.py", "ch3_6_softmax_scratch.py",
               "ch8_5_rnn_scratch.py", "ch9_5_machine_translation.py", "ch9_6_encoder_decoder.py")


class Seq2SeqEncoder(d2l.Encoder):
    """The RNN encoder: an embedding, then a GRU; forward(X) returns (output, state)."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size, num_hiddens, num_layers, dropout=dropout)

    def forward(self, X, *args):
        X = self.embedding(X)  # (batch_size, num_steps, embed_size)
        X = X.permute(1, 0, 2)  # time first, as nn.GRU expects
        output, state = self.rnn(X)  # no state given: zeros
        # output (num_steps, batch_size, num_hiddens); state (num_layers, batch_size, num_hiddens)
        return output, state


class Seq2SeqDecoder(d2l.Decoder):
    """The RNN decoder: every input step gets the context, the encoder's last top-layer state.

    The state is (hidden, context). d2l 0.17.6 keeps only hidden and takes state[-1] as the context
    in forward: in training (one call) that is the encoder's, but in prediction (one call per
    token) it becomes the decoder's own last state from the second token on (d2l-en#2134).
    Carrying the context in the state keeps it the encoder's at every step, as d2l-en 1.0 does.
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, *args):
        enc_state = enc_outputs[1]
        return enc_state, enc_state[-1]  # the context: the top layer's state after the last source token

    def forward(self, X, state):
        hidden, context = state
        X = self.embedding(X).permute(1, 0, 2)  # (num_steps, batch_size, embed_size)
        context = context.repeat(X.shape[0], 1, 1)  # the same context beside every step's input
        X_and_context = torch.cat((X, context), 2)
        output, hidden = self.rnn(X_and_context, hidden)
        output = self.dense(output).permute(1, 0, 2)  # (batch_size, num_steps, vocab_size)
        return output, (hidden, state[1])


def sequence_mask(X, valid_len, value=0):
    """Set X[i, j] = value wherever j >= valid_len[i] (in place), and return X."""
    maxlen = X.size(1)
    mask = torch.arange(maxlen, dtype=torch.float32, device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = value
    return X


class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    """The softmax cross-entropy loss with masks: pred (batch, steps, vocab), label (batch, steps),
    valid_len (batch,) -> each sequence's summed loss over its valid tokens, shape (batch,).

    d2l 0.17.6 takes .mean(dim=1), which divides by num_steps, padding included: a short sentence
    then weighs less than a long one, and train_seq2seq's loss per token is num_steps times too
    small (d2l-en#2076). The sum counts exactly the valid tokens.
    """

    def forward(self, pred, label, valid_len):
        weights = torch.ones_like(label)
        weights = sequence_mask(weights, valid_len)
        self.reduction = "none"
        unweighted_loss = super().forward(pred.permute(0, 2, 1), label)  # classes on dim 1
        weighted_loss = (unweighted_loss * weights).sum(dim=1)
        return weighted_loss


def xavier_init_weights(m):
    """d2l's initialisation in train_seq2seq: Xavier-uniform weights of Linear and GRU layers."""
    if type(m) is nn.Linear:
        nn.init.xavier_uniform_(m.weight)
    if type(m) is nn.GRU:
        for param in m._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(m._parameters[param])


def train_seq2seq(net, data_iter, lr, num_epochs, tgt_vocab, device):
    """Train a sequence-to-sequence model with Adam and teacher forcing; return the loss per token
    of each epoch.

    As in d2l, except that the sums stay on the device until an epoch ends (d2l's Accumulator
    would make the CPU wait for the GPU on every batch).
    """
    net.apply(xavier_init_weights)
    net.to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    loss = MaskedSoftmaxCELoss()
    net.train()
    animator = d2l.Animator(xlabel="epoch", ylabel="loss", xlim=[10, num_epochs])
    history = []
    for epoch in range(num_epochs):
        timer = d2l.Timer()
        loss_sum = torch.zeros((), device=device)
        num_tokens = torch.zeros((), device=device, dtype=torch.long)
        for batch in data_iter:
            optimizer.zero_grad()
            X, X_valid_len, Y, Y_valid_len = [x.to(device) for x in batch]
            bos = torch.tensor([tgt_vocab["<bos>"]] * Y.shape[0], device=device).reshape(-1, 1)
            dec_input = torch.cat([bos, Y[:, :-1]], 1)  # teacher forcing: <bos>, then the target shifted right
            Y_hat, _ = net(X, dec_input, X_valid_len)
            l = loss(Y_hat, Y, Y_valid_len)  # noqa: E741 (d2l's name)
            l.sum().backward()
            d2l.grad_clipping(net, 1)
            optimizer.step()
            loss_sum += l.detach().sum()
            num_tokens += Y_valid_len.sum()
        history.append(float(loss_sum) / int(num_tokens))  # the one wait for the device in this epoch
        if (epoch + 1) % 10 == 0:
            animator.add(epoch + 1, (history[-1],))
    print(f"loss {history[-1]:.3f}, {int(num_tokens) / timer.stop():.1f} tokens/sec on {str(device)}")
    return history


def predict_seq2seq(net, src_sentence, src_vocab, tgt_vocab, num_steps, device, save_attention_weights=False):
    """Translate src_sentence greedily: (the words until <eos>, joined by spaces; attention weights)."""
    net.eval()  # dropout off for prediction
    src_tokens = src_vocab[src_sentence.lower().split(" ")] + [src_vocab["<eos>"]]
    enc_valid_len = torch.tensor([len(src_tokens)], device=device)
    src_tokens = d2l.truncate_pad(src_tokens, num_steps, src_vocab["<pad>"])
    enc_X = torch.unsqueeze(torch.tensor(src_tokens, dtype=torch.long, device=device), dim=0)  # a batch of one
    enc_outputs = net.encoder(enc_X, enc_valid_len)
    dec_state = net.decoder.init_state(enc_outputs, enc_valid_len)
    dec_X = torch.unsqueeze(torch.tensor([tgt_vocab["<bos>"]], dtype=torch.long, device=device), dim=0)
    output_seq, attention_weight_seq = [], []
    for _ in range(num_steps):
        Y, dec_state = net.decoder(dec_X, dec_state)
        dec_X = Y.argmax(dim=2)  # the likeliest token is the next step's input
        pred = dec_X.squeeze(dim=0).type(torch.int32).item()
        if save_attention_weights:  # chapter 10's decoders keep them
            attention_weight_seq.append(net.decoder.attention_weights)
        if pred == tgt_vocab["<eos>"]:
            break
        output_seq.append(pred)
    return " ".join(tgt_vocab.to_tokens(output_seq)), attention_weight_seq


def bleu(pred_seq, label_seq, k):
    """BLEU of pred_seq against label_seq (words separated by spaces), n-grams up to k:
    exp(min(0, 1 - len_label / len_pred)) * prod over n of p_n ** (1 / 2 ** n)."""
    pred_tokens, label_tokens = pred_seq.split(" "), label_seq.split(" ")
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = math.exp(min(0, 1 - len_label / len_pred))  # the brevity penalty
    for n in range(1, k + 1):
        num_matches, label_subs = 0, collections.defaultdict(int)
        for i in range(len_label - n + 1):
            label_subs[" ".join(label_tokens[i : i + n])] += 1
        for i in range(len_pred - n + 1):
            if label_subs[" ".join(pred_tokens[i : i + n])] > 0:  # each label n-gram matches once (clipped)
                num_matches += 1
                label_subs[" ".join(pred_tokens[i : i + n])] -= 1
        score *= math.pow(num_matches / (len_pred - n + 1), math.pow(0.5, n))
    return score
