"""Graded tests for d2l 10.4, Seq2SeqAttentionDecoder: step by step against the reference with the same weights,
and trained with chapter 9's encoder and train_seq2seq on fra-eng (its attention over a translation drawn)."""

import random

import pytest
import torch

from katas.attncheck import lens, loss_in_band, run, train_on_fra_eng, twin, variant
from katas.checks import expect, expect_tensor, fail, fmt_shape
from katas.fixtures import reference
from katas.testkit import keep_picture

exercise = pytest.mark.exercise


def _decode(want, X, state, *, query_layer=-1, context_first=True, lens=True, carry=True):
    """The reference decoder's forward, with the classic slips as switches."""
    enc_outputs, hidden_state, enc_valid_lens = state
    outputs = []
    for x in want.embedding(X).permute(1, 0, 2):
        query = hidden_state[query_layer].unsqueeze(1)
        context = want.attention(query, enc_outputs, enc_outputs, enc_valid_lens if lens else None)
        parts = (context, x.unsqueeze(1)) if context_first else (x.unsqueeze(1), context)
        out, new = want.rnn(torch.cat(parts, dim=-1).permute(1, 0, 2), hidden_state)
        hidden_state = new if carry else hidden_state
        outputs.append(out)
    return want.dense(torch.cat(outputs, dim=0)).permute(1, 0, 2)


@exercise("Seq2SeqAttentionDecoder")
def test_seq2seq_attention_decoder(impl, ref):
    v, e, h = random.randint(10, 20), random.randint(3, 6), random.randint(7, 10)  # embed != hiddens: cat order shows
    layers, b, t_enc, t = 2, random.randint(2, 4), random.randint(5, 7), random.randint(2, 4)  # t_enc != b
    args = (v, e, h, layers)
    what = f"Seq2SeqAttentionDecoder({v}, {e}, {h}, {layers})"
    net, want = twin(impl.Seq2SeqAttentionDecoder, ref.Seq2SeqAttentionDecoder, *args, what=what)
    enc_outputs = (torch.randn(t_enc, b, h), torch.randn(layers, b, h))  # chapter 9's encoder: time first
    enc_valid_lens = lens(b, t_enc)
    state = net.init_state(enc_outputs, enc_valid_lens)
    expect(isinstance(state, (tuple, list)) and len(state) == 3, f"{what}.init_state returned {type(state).__name__}: "
           "(enc_outputs, hidden_state, enc_valid_lens)", f"{what}.init_state 应返回 (enc_outputs, hidden_state, "
           "enc_valid_lens)")
    if torch.is_tensor(state[0]) and tuple(state[0].shape) == (t_enc, b, h):
        fail(f"{what}.init_state kept the encoder's outputs time first, {fmt_shape(state[0].shape)}: the attention "
             "takes keys and values batch first, outputs.permute(1, 0, 2)",
             f"{what}.init_state 让编码器输出保持时间步在前 {fmt_shape(state[0].shape)}：注意力要求键和值批量维在前，"
             "outputs.permute(1, 0, 2)")
    want_state = want.init_state(enc_outputs, enc_valid_lens)
    expect_tensor(state[0], want_state[0], f"{what}.init_state(...)[0], the keys and values")
    expect_tensor(state[1], want_state[1], f"{what}.init_state(...)[1], the GRU's first state", mistakes=[
        variant(torch.zeros_like(want_state[1]), "the decoder's GRU starts from zeros: init_state passes the "
                "encoder's last hidden state on as it came, (outputs.permute(1, 0, 2), hidden_state, enc_valid_lens)",
                "解码器的 GRU 从零开始：init_state 要原样传递编码器最后的隐状态，"
                "(outputs.permute(1, 0, 2), hidden_state, enc_valid_lens)")])
    X = torch.randint(0, v, (b, t))
    out = run(f"{what} on X {fmt_shape(X.shape)}", net, X, state, shapes={"X": fmt_shape(X.shape)})
    expect(isinstance(out, tuple) and len(out) == 2, f"{what} returned {type(out).__name__}: return (outputs, state)",
           f"{what} 返回了 {type(out).__name__}：应返回 (outputs, state)")
    want_out, want_new = want(X, want_state)
    with torch.no_grad():
        mistakes = [variant(_decode(want, X, want_state, query_layer=0), "the query was the bottom layer's state: "
                            "use the top layer's, torch.unsqueeze(hidden_state[-1], dim=1)",
                            "查询用了最底层的隐状态：应使用顶层的，torch.unsqueeze(hidden_state[-1], dim=1)"),
                    variant(_decode(want, X, want_state, context_first=False), "the context came after the embedding: "
                            "the book concatenates it first, torch.cat((context, torch.unsqueeze(x, dim=1)), dim=-1), "
                            "and the GRU's weights follow that order", "上下文拼接在了词嵌入之后：书中把它放在前面，"
                            "torch.cat((context, torch.unsqueeze(x, dim=1)), dim=-1)，GRU 的权重也按这个顺序"),
                    variant(_decode(want, X, want_state, lens=False), "the attention ignored enc_valid_lens, so the "
                            "padding got weight: self.attention(query, enc_outputs, enc_outputs, enc_valid_lens)",
                            "注意力忽略了 enc_valid_lens，填充位置也得到了权重："
                            "self.attention(query, enc_outputs, enc_outputs, enc_valid_lens)"),
                    variant(_decode(want, X, want_state, carry=False), "each step started again from the encoder's "
                            "state: keep the GRU's new state for the next step, out, hidden_state = self.rnn(x, "
                            "hidden_state)", "每一步都从编码器的状态重新开始：要把 GRU 的新状态留给下一步，"
                            "out, hidden_state = self.rnn(x, hidden_state)")]
    expect_tensor(out[0], want_out, f"{what} on X {fmt_shape(X.shape)}", atol=1e-4, mistakes=mistakes)
    expect_tensor(out[1][1], want_new[1], f"{what}: the hidden state it returns", atol=1e-4)
    weights = net.attention_weights
    expect(isinstance(weights, (list, tuple)) and len(weights) == t, f"{what}.attention_weights should list each "
           f"step's attention weights ({t} steps), got {type(weights).__name__}",
           f"{what}.attention_weights 应是每一步的注意力权重列表（{t} 步）")
    for s in range(t):
        expect_tensor(weights[s], want.attention_weights[s], f"{what}.attention_weights[{s}]", atol=1e-4)


# Convergence on fra-eng, CPU, one thread: the first 120 pairs (8 steps; vocabularies of 45 and 47 tokens),
# chapter 9's GRU encoder and this decoder, one layer of 32 units, batch 24, Adam at lr 0.02, 12 epochs of chapter
# 9's reference train_seq2seq (about 1 CPU-s; d2l's 600 pairs and 250 epochs take minutes). Measured over seeds 0-9
# with wrong models written into the reference's forward: the reference ends at 0.44-0.57 (0.385-0.642 over seeds
# 0-999, median 0.470: benchmarks/seed_sweep_ch10.txt, 0 failures); a decoder that sees no source (the GRU started
# from zeros and the context dropped) stays at 1.10-1.13, so the bar 0.8 separates them. A decoder that drops only
# the context (the encoder's last state still starts the GRU) ends at 0.56-0.76; one that starts from zeros, ignores
# enc_valid_lens or does not carry its state ends near the reference: their wiring is named value by value above,
# and a layer that forward never uses is named before any bar (attncheck.train_on_fra_eng).
CONVERGENCE = dict(pairs=120, steps=8, embed=32, hiddens=32, batch=24, lr=0.02, epochs=12, bar=0.8)


@exercise("Seq2SeqAttentionDecoder")
@pytest.mark.timeout(60)
def test_seq2seq_attention_decoder_converges(impl, ref, fra_eng, monkeypatch, capsys, close_figures):
    c = CONVERGENCE
    s2s, ed = reference("ch9_7_seq2seq.py"), reference("ch9_6_encoder_decoder.py")
    made = []

    def net(src, tgt):
        made.append(ed.EncoderDecoder(s2s.Seq2SeqEncoder(src, c["embed"], c["hiddens"], 1),
                                      impl.Seq2SeqAttentionDecoder(tgt, c["embed"], c["hiddens"], 1)))
        return made[-1]

    history, src_vocab, tgt_vocab = train_on_fra_eng(net, c, fra_eng, monkeypatch, capsys)
    loss_in_band(float(history[-1]), c, high=(
                     "the decoder learns little from the source sentence: each step's GRU input is the attention's "
                     "context concatenated before the embedding, and the GRU starts from the encoder's state "
                     "(a decoder that sees neither ends near 1.1)",
                     "解码器几乎没有从源句子中学到东西：每一步 GRU 的输入是注意力的上下文拼接在词嵌入之前，"
                     "且 GRU 从编码器的状态开始（两者都看不到的解码器停在 1.1 左右）"))
    _, weights = s2s.predict_seq2seq(made[0], "i'm home .", src_vocab, tgt_vocab, c["steps"], "cpu", True)
    if weights:  # the picture: each predicted token's weights over the source
        grid = torch.cat([w[0].reshape(1, -1) for w in weights], 0)[:, : len("i'm home .".split()) + 1]
        reference("ch10_1_attention_cues.py").show_heatmaps(grid.unsqueeze(0).unsqueeze(0).detach(),
                                                            xlabel="Key positions", ylabel="Query positions")
        from katas.plotting import pyplot

        keep_picture("Seq2SeqAttentionDecoder", figure=pyplot().gcf())
