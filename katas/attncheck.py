"""Checks on attention layers (chapter 10): twins with the reference's weights, named variants, gradients, dropout.

A learner's layer is built beside the reference's and given its weights (twin), so outputs compare
value by value. A classic mistake is named by its symptom: the learner's result equals what the
reference computes with that mistake switched on (variant), never by guessing from the error size.
"""

from __future__ import annotations

import random

import torch
from torch import nn

from katas.checks import Mistake, close, expect, expect_tensor, fail
from katas.explain import original
from katas.fixtures import reference
from katas.testkit import D2L, FakeAnimator, build, clears, training_seed


def lens(batch: int, keys: int, *, per_query: int = 0, zero: bool = False) -> torch.Tensor:
    """Random valid lengths in 1..keys, (batch,) or (batch, per_query); one 0 when zero (d2l PR #2423)."""
    shape = (batch, per_query) if per_query else (batch,)
    v = torch.randint(1, keys + 1, shape)
    v.view(-1)[0] = max(1, keys - 1)  # a length that masks something: the mask always shows
    if zero:
        v.view(-1)[-1] = 0
    return v


def variant(expected_out, words_en: str, words_zh: str) -> Mistake:
    """A mistake named when the learner's tensor equals expected_out (the reference run with that mistake)."""
    return Mistake(lambda a: torch.is_tensor(a) and a.shape == expected_out.shape and close(a, expected_out, 1e-4),
                   words_en, words_zh)


def twin(cls, ref_cls, *args, what: str):
    """(learner's layer, reference's layer), built with args; the learner's gets the reference's weights.

    Their parameters must match in number and shape, position by position (named when they do not)."""
    __tracebackhide__ = True
    net, want = build(cls, *args), ref_cls(*args)
    got = [(n, tuple(p.shape)) for n, p in net.named_parameters()]
    exp = [(n, tuple(p.shape)) for n, p in want.named_parameters()]
    if [s for _, s in got] != [s for _, s in exp]:
        fail(f"{what} has the parameters {_fmt(got)}; the book's layer has {_fmt(exp)}: check each layer's sizes "
             "(and bias=False where the book leaves the bias out)",
             f"{what} 的参数为 {_fmt(got)}；书中的层为 {_fmt(exp)}：检查各层的大小（书中不带偏置的层要 bias=False）")
    with torch.no_grad():
        for p, q in zip(net.parameters(), want.parameters(), strict=True):
            p.copy_(torch.randn_like(q) * 0.5)  # weights of a visible size: every layer shows in the output
            q.copy_(p)
    return net, want


def _fmt(params) -> str:
    return ", ".join(f"{n} {s}" for n, s in params) or "none"


def expect_grads(net: nn.Module, want: nn.Module, what: str) -> None:
    """After backward through both twins, each parameter's gradient matches the reference's."""
    __tracebackhide__ = True
    for (name, p), q in zip(net.named_parameters(), want.parameters(), strict=True):
        expect(p.grad is not None, f"{what}: its parameter {name} got no gradient: it is not used in forward, or "
               "the output was computed from a detached copy", f"{what}：参数 {name} 没有梯度：forward 没有用到它，"
               "或输出来自分离（detach）后的副本")
        expect_tensor(p.grad, q.grad, f"the gradient of {what}'s {name}", atol=1e-4, rtol=1e-3)


def run(what: str, fn, *args, shapes: dict[str, str] | None = None):
    """fn(*args); a RuntimeError about sizes is reported with the input shapes first, torch's text last."""
    __tracebackhide__ = True
    try:
        return fn(*args)
    except NotImplementedError:
        raise
    except RuntimeError as e:
        given = ", ".join(f"{k} {v}" for k, v in (shapes or {}).items())
        fail(f"{what} failed on {given}: a product or a concatenation got mismatched sizes; follow each tensor's "
             f"shape through forward ({original(e)})",
             f"{what} 在 {given} 上出错：某个乘法或拼接的形状不匹配；"
             f"逐步核对 forward 中每个张量的形状（{original(e)}）")


def dropout_matters(make, call, what: str) -> None:
    """A layer built with dropout 0.5 gives the same output twice in eval mode and different outputs in train mode."""
    __tracebackhide__ = True
    torch.manual_seed(random.randrange(2**31))
    net = make()
    net.eval()
    a, b = call(net), call(net)
    expect(close(a, b, 0, 0), f"{what} in eval mode gave two different outputs for the same input: dropout must be "
           "an nn.Dropout layer (it is off in eval mode), not a call that is always on",
           f"{what} 在 eval 模式下同一输入两次输出不同：dropout 要用 nn.Dropout 层（eval 模式下自动关闭）")
    net.train()
    expect(not close(call(net), a, 1e-6, 0), f"{what} in training mode with dropout 0.5 gave the eval output: apply "
           "self.dropout where the book does", f"{what} 在训练模式下（dropout 0.5）输出与 eval 相同："
           "要在书中的位置调用 self.dropout")


def train_on_fra_eng(make_net, c: dict, fra_eng: str, monkeypatch, capsys):
    """Train make_net(src_vocab_size, tgt_vocab_size) on the first c["pairs"] pairs of fra-eng with chapter 9's
    reference load_data_nmt and train_seq2seq, from the training seed; (history, src_vocab, tgt_vocab)."""
    seed = training_seed()
    random.seed(seed)
    torch.manual_seed(seed)
    mt = reference("ch9_5_machine_translation.py")
    head = "\n".join(fra_eng.split("\n", c["pairs"] + 1)[: c["pairs"] + 1])
    monkeypatch.setattr(mt, "read_data_nmt", lambda: head)
    train_iter, src_vocab, tgt_vocab = mt.load_data_nmt(c["batch"], c["steps"], c["pairs"])
    s2s = reference("ch9_7_seq2seq.py")
    monkeypatch.setattr(s2s, "d2l", D2L(s2s.d2l, Animator=FakeAnimator))
    net = make_net(len(src_vocab), len(tgt_vocab))
    try:
        history = s2s.train_seq2seq(net, train_iter, c["lr"], c["epochs"], tgt_vocab, "cpu")
    except TypeError:  # grad_clipping squares every parameter's grad: None where forward never used it
        unused = [name for name, p in net.named_parameters() if p.requires_grad and p.grad is None]
        if not unused:
            raise
        own = [name for name in unused if name.startswith("decoder.")]
        if own:
            fail(f"forward never uses {', '.join(own[:4])}: every layer made in __init__ must take part in the "
                 "output (these got no gradient in training, so grad_clipping could not clip them)",
                 f"forward 从未用到 {', '.join(own[:4])}：__init__ 中创建的每一层都要参与输出的计算"
                 "（它们在训练中没有梯度，grad_clipping 无法裁剪）")
        fail(f"the decoder's output does not depend on the encoder (no gradient reached {', '.join(unused[:2])}): "
             "what it returns must come through the layers that read the state init_state made from the encoder's "
             "outputs", f"解码器的输出与编码器无关（梯度没有到达 {', '.join(unused[:2])}）：它返回的结果必须经过读取 "
             "init_state 由编码器输出构成的状态的那些层")
    capsys.readouterr()
    return history, src_vocab, tgt_vocab


def loss_in_band(loss: float, c: dict, *, high: tuple[str, str], low: tuple[str, str] | None = None):
    """The verdict of a translation bar: the loss per token at most c["bar"] (above it, high names the likely
    cause) and, where c has a "leak_bar", at least that: a loss far below a correct model's means the decoder
    saw the tokens it predicts (low names how). Both bars are judged before either fails, so the seed sweep
    records both margins."""
    __tracebackhide__ = True
    what = (f"the loss per token of its last epoch (train_seq2seq on the first {c['pairs']} pairs of fra-eng, "
            f"{c['epochs']} epochs)")
    learned = clears(loss, c["bar"], below=True)
    honest = "leak_bar" not in c or clears(loss, c["leak_bar"])
    if not learned:
        fail(f"{high[0]}: {what} is {loss:.3g}; a correct decoder reaches at most {c['bar']:g} with this budget "
             "on every training seed tried", f"{high[1]}：{what} 为 {loss:.3g}；正确的解码器在这个训练预算下对所有"
             f"试过的种子都不高于 {c['bar']:g}")
    if not honest:
        fail(f"{low[0]}: {what} is {loss:.3g}, far below the {c['leak_bar']:g} that a correct decoder stays above "
             "with this budget on every training seed tried", f"{low[1]}：{what} 为 {loss:.3g}，远低于正确的解码器"
             f"在这个训练预算下对所有试过的种子都不低于的 {c['leak_bar']:g}")
