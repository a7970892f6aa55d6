"""Graded tests for d2l 10.3, attention scoring: masked_softmax, AdditiveAttention, DotProductAttention."""

import math
import random

import pytest
import torch
from torch import nn

from katas.attncheck import dropout_matters, expect_grads, lens, run, twin, variant
from katas.checks import Mistake, expect, expect_tensor, fail, fmt_shape

exercise = pytest.mark.exercise


def _sizes():
    """batch, queries, keys: all different, so a swapped axis shows."""
    return random.sample(range(2, 8), 3)


def _mask(X, valid_lens, value=-1e6, rows=None):
    """X (batch, queries, keys) with the keys beyond valid_lens set to value; rows: the lengths per row given."""
    b, q, k = X.shape
    per_row = rows if rows is not None else (
        valid_lens.repeat_interleave(q) if valid_lens.dim() == 1 else valid_lens.reshape(-1))
    keep = torch.arange(k, device=X.device)[None, :] < per_row[:, None].to(X.device)
    return X.reshape(-1, k).masked_fill(~keep, value).reshape(b, q, k)


def masked_variants(X, valid_lens):
    """The classic masked_softmax mistakes, each as the weights it gives on X."""
    sm = torch.softmax
    b, q, k = X.shape
    found = [
        variant(sm(_mask(X, valid_lens, 0.0), -1),
                "the masked keys got weight: mask with a large negative value, -1e6, not 0 (exp(0) is 1, "
                "exp(-1e6) is 0)",
                "被掩蔽的键仍有权重：要用很大的负数 -1e6 掩蔽，而不是 0（exp(0) 是 1，exp(-1e6) 才是 0）"),
        variant(sm(X, -1), "nothing was masked: replace the scores of the keys beyond valid_lens with -1e6 before the "
                "softmax", "什么都没有掩蔽：softmax 之前要把 valid_lens 之后的键的分数换成 -1e6"),
    ]
    if valid_lens.dim() == 1:
        found.append(variant(sm(_mask(X, valid_lens, rows=valid_lens.repeat(q)), -1),
                             "the lengths went to the wrong rows: a 1-D valid_lens holds one length per example; "
                             "torch.repeat_interleave(valid_lens, X.shape[1]) repeats each for its example's queries "
                             "(valid_lens.repeat(...) repeats the whole list, so examples swap lengths)",
                             "长度分给了错误的行：一维 valid_lens 是每个样本一个长度；"
                             "torch.repeat_interleave(valid_lens, "
                             ""
                             "X.shape[1]) 为该样本的每个查询重复它（valid_lens.repeat(...) 重复整个列表，"
                             "样本的长度会错位）"))
    Xt = X.transpose(1, 2)
    if valid_lens.dim() == 1:
        on_queries = sm(_mask(Xt, valid_lens, rows=valid_lens.repeat_interleave(k)).transpose(1, 2), -1)
        found.append(variant(on_queries, "the queries were masked instead of the keys: the mask runs along the last "
                             "axis, torch.arange(X.shape[-1]) against the lengths",
                             "掩蔽了查询而不是键：掩码沿最后一维，用 torch.arange(X.shape[-1]) 与长度比较"))
    return found


def _masked(impl, X, valid_lens, what):
    def call():
        return impl.masked_softmax(X.clone(), valid_lens.clone())  # the reference's after it reads the test's own

    try:
        return call()
    except NotImplementedError:
        raise
    except RuntimeError as e:
        if valid_lens is not None and valid_lens.dim() == 1 and "size of tensor" in str(e):
            fail(f"{what}: one length per example must become one per query: torch.repeat_interleave(valid_lens, "
                 f"X.shape[1]) before comparing with the keys ({e})",
                 f"{what}：每个样本一个长度要变成每个查询一个：先 torch.repeat_interleave(valid_lens, X.shape[1])，"
                 f"再与键比较（{e}）")
        if "same device" in str(e) or "meta" in str(e):
            fail(f"{what}: the mask was made on another device than X: torch.arange(..., device=X.device) ({e})",
                 f"{what}：掩码与 X 不在同一设备上：torch.arange(..., device=X.device)（{e}）")
        raise


# --- masked_softmax ------------------------------------------------------------------------------


@exercise("masked_softmax")
@pytest.mark.parametrize("kind", ["per_example", "per_query"])
def test_masked_softmax(impl, ref, device, kind):
    b, q, k = _sizes()
    X = torch.randn(b, q, k, device=device) * 3
    valid_lens = lens(b, k, per_query=q if kind == "per_query" else 0)
    valid_lens.view(-1)[1] = 1  # shorter than any number of queries: a mask along the queries shows as such
    valid_lens = valid_lens.to(device)
    what = f"masked_softmax(X {fmt_shape(X.shape)}, valid_lens {valid_lens.tolist()})"
    got = _masked(impl, X, valid_lens, what)
    want = ref.masked_softmax(X.clone(), valid_lens)
    expect_tensor(got, want, what, mistakes=masked_variants(X.cpu(), valid_lens.cpu()))


@exercise("masked_softmax")
def test_masked_softmax_none_and_zero_length(impl, ref):
    b, q, k = _sizes()
    X = torch.randn(b, q, k) * 3
    expect_tensor(impl.masked_softmax(X.clone(), None), torch.softmax(X, -1),
                  f"masked_softmax(X {fmt_shape(X.shape)}, None)", mistakes=[
                      Mistake(lambda a: True, "valid_lens None means no mask: a plain softmax over the last axis",
                              "valid_lens 为 None 表示不掩蔽：直接在最后一维做 softmax")])
    valid_lens = lens(b, k, zero=True)
    what = f"masked_softmax(X {fmt_shape(X.shape)}, valid_lens {valid_lens.tolist()})"
    got = impl.masked_softmax(X.clone(), valid_lens.clone())  # the reference's below reads the test's own
    if torch.is_tensor(got) and got.shape == X.shape and bool(got[-1].isnan().any()):
        fail(f"{what} gave nan for the example of valid length 0: with -inf every score is -inf and softmax "
             "divides 0 by 0; mask with -1e6, as d2l does, so a length of 0 gives uniform weights",
             f"{what} 对有效长度为 0 的样本给出 nan：用 -inf 时所有分数都是 -inf，softmax 变成 0/0；"
             "像 d2l 一样用 -1e6 掩蔽，长度为 0 时权重均匀")
    expect_tensor(got, ref.masked_softmax(X.clone(), valid_lens), what + " (an example of valid length 0 gets "
                  "uniform weights, as d2l's -1e6 gives)", mistakes=masked_variants(X, valid_lens))


@exercise("masked_softmax")
def test_masked_softmax_masked_keys_get_no_gradient(impl):
    b, q, k = _sizes()
    X0 = (torch.randn(b, q, k) * 3).requires_grad_(True)
    valid_lens = lens(b, k)
    out = impl.masked_softmax(X0 * 1, valid_lens.clone())  # X0 * 1: the book's code writes into its argument
    expect(torch.is_tensor(out) and out.grad_fn is not None, "masked_softmax's result must stay in autograd's graph "
           "(no .detach(), no torch.no_grad())", "masked_softmax 的结果要留在自动求导的计算图里")
    (out * torch.randn_like(out)).sum().backward()
    masked = torch.arange(k)[None, None, :] >= valid_lens[:, None, None]
    expect(bool((X0.grad[masked.expand_as(X0)] == 0).all()), "the masked scores got a gradient: their weights must "
           "not depend on them (replace them, with masked_fill or an assignment, rather than add to them)",
           "被掩蔽的分数有梯度：它们的权重不应依赖于它们（用 masked_fill 或赋值替换，而不是相加）")


# --- AdditiveAttention ---------------------------------------------------------------------------


def _additive_variants(want, queries, keys, values, valid_lens):
    """The attention weights of the reference's layers with tanh left out."""
    with torch.no_grad():
        f = want.W_q(queries).unsqueeze(2) + want.W_k(keys).unsqueeze(1)
        w = torch.softmax(_mask(want.w_v(f).squeeze(-1), valid_lens), -1)
    return [variant(w, "tanh is missing: score = w_v(torch.tanh(W_q q + W_k k)); without it "
                    "the score is linear and the query adds only a constant that softmax ignores",
                    "缺少 tanh：score = w_v(torch.tanh(W_q q + W_k k))；没有它分数是线性的，查询只加了一个被 softmax "
                    "忽略的常数")]


@exercise("AdditiveAttention")
def test_additive_attention(impl, ref, device):
    b, q, k = _sizes()
    qs, ks, vs, h = random.sample(range(2, 9), 4)
    net, want = twin(impl.AdditiveAttention, ref.AdditiveAttention, ks, qs, h, 0.0,
                     what=f"AdditiveAttention({ks}, {qs}, {h}, 0)")
    net, want = net.to(device).eval(), want.to(device).eval()
    queries, keys, values = torch.randn(b, q, qs, device=device), torch.randn(b, k, ks, device=device), \
        torch.randn(b, k, vs, device=device, requires_grad=True)
    valid_lens = lens(b, k).to(device)
    what = f"AdditiveAttention on queries {fmt_shape(queries.shape)}, keys {fmt_shape(keys.shape)}"
    shapes = {"queries": fmt_shape(queries.shape), "keys": fmt_shape(keys.shape), "values": fmt_shape(values.shape)}
    out = run(what, net, queries, keys, values, valid_lens, shapes=shapes)
    want_out = want(queries, keys, values, valid_lens)
    weights = getattr(net, "attention_weights", None)
    expect(weights is not None, f"{what} keeps no self.attention_weights: keep masked_softmax's result there "
           "(10.4 and 10.7 draw it)", f"{what} 没有保存 self.attention_weights：要把 masked_softmax 的结果存在那里")
    if torch.is_tensor(weights) and tuple(weights.shape) == (b, k, q):
        fail(f"{what}: the attention weights are {fmt_shape(weights.shape)}, (batch, keys, queries): pair the axes "
             "the other way, queries.unsqueeze(2) + keys.unsqueeze(1), so that the keys come last",
             f"{what}：注意力权重的形状是 {fmt_shape(weights.shape)}，即 (batch, 键, 查询)：应为 "
             "queries.unsqueeze(2) + keys.unsqueeze(1)，让键在最后一维")
    expect_tensor(weights, want.attention_weights, f"{what}: self.attention_weights",
                  mistakes=_additive_variants(want, queries, keys, values, valid_lens))
    expect_tensor(out, want_out, what)
    seed = torch.randn_like(want_out)
    (out * seed).sum().backward()
    grad_values = values.grad.clone()
    values.grad = None
    (want_out * seed).sum().backward()
    expect_grads(net, want, "AdditiveAttention")
    expect_tensor(grad_values, values.grad, f"{what}: the gradient of the values")


@exercise("AdditiveAttention")
def test_additive_attention_dropout(impl):
    b, q, k = _sizes()
    queries, keys, values = torch.randn(b, q, 3), torch.randn(b, k, 4), torch.randn(b, k, 5)
    valid_lens = lens(b, k)
    dropout_matters(lambda: impl.AdditiveAttention(4, 3, 6, 0.5), lambda net: net(queries, keys, values, valid_lens),
                    "AdditiveAttention(4, 3, 6, dropout=0.5)")


# --- DotProductAttention -------------------------------------------------------------------------


def _dot_variants(queries, keys, values, valid_lens):
    scores = torch.bmm(queries, keys.transpose(1, 2))
    d, nq = queries.shape[-1], queries.shape[1]

    def out(s):
        return torch.bmm(torch.softmax(_mask(s, valid_lens), -1), values)

    return [
        variant(out(scores), f"the scores are not scaled: divide q.k by math.sqrt(d), d = queries.shape[-1] = {d}",
                f"分数没有缩放：q.k 要除以 math.sqrt(d)，d = queries.shape[-1] = {d}"),
        variant(out(scores / math.sqrt(nq)), f"the scale uses the number of queries ({nq}): d is the length of one "
                f"query vector, queries.shape[-1] = {d}", f"缩放用了查询的个数（{nq}）：d 是一个查询向量的长度，"
                f"queries.shape[-1] = {d}"),
        variant(out(scores / d), f"the scores were divided by d = {d}: divide by its square root, math.sqrt(d)",
                f"分数除以了 d = {d}：应除以它的平方根 math.sqrt(d)"),
    ]


@exercise("DotProductAttention")
def test_dot_product_attention(impl, device):
    b, q, k = _sizes()
    d = random.choice([n for n in range(3, 10) if n != q])
    v = random.randint(2, 6)
    net = impl.DotProductAttention(0.0)
    expect(isinstance(net, nn.Module), "DotProductAttention must be an nn.Module (super().__init__(**kwargs))",
           "DotProductAttention 要是 nn.Module")
    net.eval()
    queries, keys = torch.randn(b, q, d, device=device), torch.randn(b, k, d, device=device)
    values = torch.randn(b, k, v, device=device)
    valid_lens = lens(b, k).to(device)
    what = f"DotProductAttention on queries {fmt_shape(queries.shape)}, keys {fmt_shape(keys.shape)}"
    out = run(what, net, queries, keys, values, valid_lens,
              shapes={"queries": fmt_shape(queries.shape), "keys": fmt_shape(keys.shape)})
    scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
    weights = torch.softmax(_mask(scores, valid_lens), -1)
    expect_tensor(out, torch.bmm(weights, values), what,
                  mistakes=_dot_variants(queries.cpu(), keys.cpu(), values.cpu(), valid_lens.cpu()))
    expect(torch.is_tensor(getattr(net, "attention_weights", None)), f"{what} keeps no self.attention_weights: keep "
           "masked_softmax's result there (10.5 and 10.7 read it)", f"{what} 没有保存 self.attention_weights")
    expect_tensor(net.attention_weights, weights, f"{what}: self.attention_weights")
    out2 = net(queries, keys, values)  # valid_lens defaults to None: every key counts
    expect_tensor(out2, torch.bmm(torch.softmax(scores, -1), values), f"{what} without valid_lens (None: no mask)")


@exercise("DotProductAttention")
def test_dot_product_attention_dropout(impl):
    b, q, k = _sizes()
    queries, keys, values = torch.randn(b, q, 4), torch.randn(b, k, 4), torch.randn(b, k, 5)
    valid_lens = lens(b, k)
    dropout_matters(lambda: impl.DotProductAttention(0.5), lambda net: net(queries, keys, values, valid_lens),
                    "DotProductAttention(dropout=0.5)")
