"""Graded tests for d2l 9.8, beam search: against exhaustive search on a tiny vocabulary, greedy search at beam
size 1, and the reference at other sizes."""

import random

import pytest
import torch
from torch.nn import functional as F

from katas.checks import expect, fail
from katas.fixtures import reference

exercise = pytest.mark.exercise


def _setup(device):
    Vocab = reference("ch8_2_text_preprocessing.py").Vocab
    reserved = ["<pad>", "<bos>", "<eos>"]
    src_vocab = Vocab([["go", "away", "i", "lost"]], reserved_tokens=reserved)
    tgt_vocab = Vocab([random.sample(["va", "je", "suis", "perdu", "il"], 2)], reserved_tokens=reserved)
    s2s = reference("ch9_7_seq2seq.py")
    net = reference("ch9_6_encoder_decoder.py").EncoderDecoder(
        s2s.Seq2SeqEncoder(len(src_vocab), 5, 6, 1), s2s.Seq2SeqDecoder(len(tgt_vocab), 5, 6, 1))
    with torch.no_grad():
        for p in net.parameters():
            p.mul_(3)  # confident, varied predictions: the orders of the candidates differ
    sentence = " ".join(random.choices(["Go", "away", "I", "lost"], k=random.randint(1, 3)))
    return net.to(device), sentence, src_vocab, tgt_vocab


def _exhaustive(net, sentence, src_vocab, tgt_vocab, num_steps, device, alpha):
    """Every translation of at most num_steps tokens (ended by <eos> or by num_steps), d2l's score each."""
    src = src_vocab[sentence.lower().split(" ")] + [src_vocab["<eos>"]]
    valid = torch.tensor([len(src)], device=device)
    src = src[:num_steps] + [src_vocab["<pad>"]] * (num_steps - len(src))
    state = net.decoder.init_state(net.encoder(torch.tensor([src], device=device), valid), valid)
    eos, out = tgt_vocab["<eos>"], []

    def walk(tokens, logp, state):
        last = tokens[-1] if tokens else tgt_vocab["<bos>"]
        Y, new = net.decoder(torch.tensor([[last]], device=device), state)
        for y, lp in enumerate(F.log_softmax(Y[0, -1], dim=-1).tolist()):
            seq = tokens + [y]
            if y == eos or len(seq) == num_steps:
                out.append((" ".join(tgt_vocab.to_tokens([t for t in seq if t != eos])),
                            (logp + lp) / len(seq) ** alpha))
            else:
                walk(seq, logp + lp, new)

    with torch.no_grad():
        walk([], 0.0, state)
    return sorted(out, key=lambda c: c[1], reverse=True)


def _run(impl, what, *args, **kwargs):
    __tracebackhide__ = True
    out = impl.beam_search(*args, **kwargs)
    expect(isinstance(out, list) and all(isinstance(c, tuple) and len(c) == 2 for c in out), f"{what} returned "
           f"{out!r:.80}: return a list of (translation, score), best first",
           f"{what} 返回了 {out!r:.80}：应返回 (译文, 得分) 的列表，最好的在前")
    return out


@exercise("beam_search")
def test_beam_search_is_exhaustive_with_a_wide_beam(impl):
    device = "cpu"  # hundreds of decoder calls: the device is checked by test_beam_size_one_is_greedy
    net, sentence, src_vocab, tgt_vocab = _setup(device)
    num_steps, alpha = 3, random.choice([0.75, 1.0])
    want = _exhaustive(net, sentence, src_vocab, tgt_vocab, num_steps, device, alpha)
    plain = _exhaustive(net, sentence, src_vocab, tgt_vocab, num_steps, device, 0)
    width = len(tgt_vocab) ** num_steps
    what = f"beam_search({sentence!r}, num_steps={num_steps}, beam_size={width}, alpha={alpha})"
    got = _run(impl, what, net, sentence, src_vocab, tgt_vocab, num_steps, width, device, alpha=alpha)
    top = [t for t, _ in got[:5]]
    if top == [t for t, _ in want[:5]]:
        unnormalised = dict(plain)
        for (t, s), (_, w) in zip(got[:5], want[:5], strict=True):
            if abs(float(s) - w) > 1e-4 and abs(float(s) - unnormalised[t]) < 1e-4:
                fail(f"{what}: {t!r} scored {float(s):.5g}, expected {w:.5g}: that is the sum of log-probabilities "
                     "without the length penalty; divide it by L ** alpha", f"{what}：{t!r} 的得分为 {float(s):.5g}，"
                     f"应为 {w:.5g}：这是没有长度归一化的对数概率之和；要除以 L ** alpha")
            expect(abs(float(s) - w) < 1e-4, f"{what}: {t!r} scored {float(s):.5g}, expected {w:.5g}: (1 / L ** alpha) "
                   "* the sum of its tokens' log-probabilities, L its number of tokens with <eos>",
                   f"{what}：{t!r} 的得分为 {float(s):.5g}，应为 {w:.5g}")
        return
    if top == [t for t, _ in plain[:5]]:
        fail(f"{what}: with a beam as wide as every translation, the best are {top}, expected "
             f"{[t for t, _ in want[:5]]}: the finished translations are ranked by the sum of log-probabilities "
             "without the length penalty; "
             "divide by L ** alpha, or short translations always win", f"{what}：最好的几个为 {top}，应为 "
             f"{[t for t, _ in want[:5]]}：排序时没有做长度归一化；要除以 L ** alpha，否则短译文总是胜出")
    fail(f"{what}: with a beam as wide as every translation, beam search is exhaustive search; its best are {top}, "
         f"expected {[t for t, _ in want[:5]]}", f"{what}：束宽覆盖所有译文时，束搜索就是穷举搜索；最好的几个为 {top}，"
         f"应为 {[t for t, _ in want[:5]]}")


@exercise("beam_search")
def test_beam_size_one_is_greedy(impl, device):
    net, sentence, src_vocab, tgt_vocab = _setup(device)
    num_steps = random.randint(4, 6)
    what = f"beam_search({sentence!r}, num_steps={num_steps}, beam_size=1)"
    # the expected answer first, from the net as it is: learner code may not rig it for the test (red team I9)
    greedy, _ = reference("ch9_7_seq2seq.py").predict_seq2seq(net, sentence, src_vocab, tgt_vocab, num_steps, device)
    got = _run(impl, what, net, sentence, src_vocab, tgt_vocab, num_steps, 1, device)
    expect(len(got) == 1 and got[0][0] == greedy, f"{what} returned {got!r:.80}, expected greedy search's {greedy!r}: "
           "with one beam, each step keeps the likeliest token", f"{what} 返回了 {got!r:.80}，应与贪心搜索相同 "
           f"{greedy!r}")


@exercise("beam_search")
def test_beam_search_like_d2l(impl, ref, monkeypatch):
    device = "cpu"
    net, sentence, src_vocab, tgt_vocab = _setup(device)
    num_steps, k = random.randint(4, 5), random.randint(2, 3)
    monkeypatch.setattr(impl._module, "d2l", ref.d2l)
    what = f"beam_search({sentence!r}, num_steps={num_steps}, beam_size={k})"
    want = ref.beam_search(net, sentence, src_vocab, tgt_vocab, num_steps, k, device)  # first: see above
    got = _run(impl, what, net, sentence, src_vocab, tgt_vocab, num_steps, k, device)
    expect([t for t, _ in got] == [t for t, _ in want], f"{what} returned {[t for t, _ in got]}, expected "
           f"{[t for t, _ in want]}: keep the {k} extensions with the largest sum of log-probabilities at each step; "
           "one ending in <eos> is finished", f"{what} 返回了 {[t for t, _ in got]}，应为 {[t for t, _ in want]}")
