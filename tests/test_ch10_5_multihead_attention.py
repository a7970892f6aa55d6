"""Graded tests for d2l 10.5, multi-head attention: transpose_qkv, transpose_output, MultiHeadAttention
(against the reference and against torch's nn.MultiheadAttention with the same weights)."""

import random

import pytest
import torch
from torch import nn

from katas.attncheck import expect_grads, lens, run, twin, variant
from katas.checks import expect_tensor, fmt_shape

exercise = pytest.mark.exercise


def _shape():
    """batch, positions, heads, features per head: all different, so mixed-up axes show."""
    b, n, h, d = random.sample(range(2, 7), 4)
    return b, n, h, d


def _qkv_variants(X, h):
    b, n, _ = X.shape
    return [
        variant(X.reshape(b * h, n, -1), "the heads mix positions: reshape to (batch, n, num_heads, -1) first, then "
                "permute(0, 2, 1, 3) so each head holds its own features of every position, then reshape to "
                "(-1, n, num_hiddens / num_heads)", "各个头混入了不同位置：先 reshape 成 (batch, n, num_heads, -1)，"
                "再 permute(0, 2, 1, 3)，让每个头拿到每个位置自己的那段特征，最后 reshape 成 (-1, n, num_hiddens / "
                "num_heads)"),
        variant(X.reshape(b, n, h, -1).permute(0, 2, 3, 1).reshape(b * h, n, -1),
                "the permutation is in the wrong order: permute(0, 2, 1, 3) moves the heads before the positions "
                "and keeps the features last", "permute 的顺序不对：permute(0, 2, 1, 3) 把头移到位置之前，"
                                               "特征留在最后"),
        variant(X.reshape(b, n, h, -1).permute(2, 0, 1, 3).reshape(b * h, n, -1),
                "the heads came first and the examples second: permute(0, 2, 1, 3) keeps the batch first, so that "
                "rows b * num_heads ... b * num_heads + num_heads - 1 are example b's heads",
                "头排在了样本之前：permute(0, 2, 1, 3) 让批量维保持在最前，第 b 个样本的头才连在一起"),
    ]


@exercise("transpose_qkv")
def test_transpose_qkv(impl, ref, device):
    b, n, h, d = _shape()
    X = torch.randn(b, n, h * d, device=device)
    what = f"transpose_qkv(X {fmt_shape(X.shape)}, num_heads={h})"
    expect_tensor(impl.transpose_qkv(X.clone(), h), ref.transpose_qkv(X, h), what,
                  mistakes=_qkv_variants(X.cpu(), h))


@exercise("transpose_output")
def test_transpose_output(impl, ref, device):
    b, n, h, d = _shape()
    X = torch.randn(b * h, n, d, device=device)
    what = f"transpose_output(X {fmt_shape(X.shape)}, num_heads={h})"
    wrong = [variant(X.cpu().reshape(b, n, -1), "the heads were put back without undoing the permutation: reshape to "
                     "(-1, num_heads, n, d), permute(0, 2, 1, 3), then reshape to (batch, n, -1)",
                     "没有撤销 permute 就把头拼回去了：先 reshape 成 (-1, num_heads, n, d)，permute(0, 2, 1, 3)，"
                     "再 reshape 成 (batch, n, -1)")]
    expect_tensor(impl.transpose_output(X.clone(), h), ref.transpose_output(X, h), what, mistakes=wrong)
    Y = torch.randn(b, n, h * d, device=device)
    back = impl.transpose_output(ref.transpose_qkv(Y, h), h)
    expect_tensor(back, Y, f"transpose_output(transpose_qkv(Y {fmt_shape(Y.shape)}, {h}), {h}): it must give Y back, "
                  "the inverse of transpose_qkv")


def _mha(impl, ref, device, bias=False):
    b, n, h, d = _shape()
    m = random.choice([k for k in range(2, 8) if k != n])  # key-value pairs
    qs, ks, vs = random.sample(range(3, 10), 3)
    args = (ks, qs, vs, h * d, h, 0.0, bias)
    net, want = twin(impl.MultiHeadAttention, ref.MultiHeadAttention, *args,
                     what=f"MultiHeadAttention({', '.join(map(str, args))})")
    return net.to(device).eval(), want.to(device).eval(), (b, n, m, qs, ks, vs, h, d)


def _per_head(ref, want, queries, keys, values, per_head):
    """The reference layer's output with per_head given to its heads as they are (batch * num_heads lengths)."""
    h = want.num_heads
    with torch.no_grad():
        q, k, v = (ref.transpose_qkv(W(X), h) for W, X in ((want.W_q, queries), (want.W_k, keys), (want.W_v, values)))
        return want.W_o(ref.transpose_output(want.attention(q, k, v, per_head), h))


@exercise("MultiHeadAttention")
@pytest.mark.parametrize("lens_kind", ["per_example", "per_query"])
def test_multihead_attention(impl, ref, lens_kind):
    device = torch.device("cpu")  # no tensor is made inside: masked_softmax's device checks are 10.3's
    net, want, (b, n, m, qs, ks, vs, h, d) = _mha(impl, ref, device, bias=lens_kind == "per_query")
    queries, keys = torch.randn(b, n, qs, device=device), torch.randn(b, m, ks, device=device)
    values = torch.randn(b, m, vs, device=device)
    valid_lens = lens(b, m, per_query=n if lens_kind == "per_query" else 0).to(device)
    what = (f"MultiHeadAttention with {h} heads on queries {fmt_shape(queries.shape)}, keys {fmt_shape(keys.shape)}, "
            f"valid_lens {fmt_shape(valid_lens.shape)}")
    out = run(what, net, queries, keys, values, valid_lens,
              shapes={"queries": fmt_shape(queries.shape), "keys": fmt_shape(keys.shape),
                      "values": fmt_shape(values.shape)})
    want_out = want(queries, keys, values, valid_lens)
    cycled = _per_head(ref, want, queries, keys, values, valid_lens.repeat(h, *[1] * (valid_lens.dim() - 1)))
    expect_tensor(out, want_out, what, mistakes=[
        variant(cycled, "the valid lengths went to the wrong heads: torch.repeat_interleave(valid_lens, "
                "repeats=self.num_heads, dim=0) gives example 0's length to its num_heads heads, then example 1's, "
                "the order transpose_qkv gives the heads (valid_lens.repeat cycles through the examples instead)",
                "有效长度分给了错误的头：torch.repeat_interleave(valid_lens, repeats=self.num_heads, dim=0) 先为样本 0 "
                "的"
                "每个头复制它的长度，再是样本 1 的，与 transpose_qkv 的顺序一致（valid_lens.repeat 会在样本间循环）"),
        variant(want(queries, keys, values, None), "the valid lengths were dropped: repeat them once per head and pass "
                "them to self.attention", "有效长度被丢掉了：为每个头复制一份后传给 self.attention")])
    (out.sum() * 1).backward()
    want_out.sum().backward()
    expect_grads(net, want, "MultiHeadAttention")


@exercise("MultiHeadAttention")
def test_multihead_attention_matches_torch(impl, ref):
    """d2l's layer with nn.MultiheadAttention's weights: the same output (valid lengths as its attn_mask)."""
    b, n, h, d = _shape()
    m, hid = n + 1, h * d
    net = impl.MultiHeadAttention(hid, hid, hid, hid, h, 0.0).eval()
    torch_mha = nn.MultiheadAttention(hid, h, bias=False, batch_first=True)  # training mode: eval is 0.4 s slower
    with torch.no_grad():
        W_q, W_k, W_v = torch_mha.in_proj_weight.chunk(3)
        for name, w in (("W_q", W_q), ("W_k", W_k), ("W_v", W_v), ("W_o", torch_mha.out_proj.weight)):
            getattr(net, name).weight.copy_(w)
    queries, keys, values = torch.randn(b, n, hid), torch.randn(b, m, hid), torch.randn(b, m, hid)
    valid_lens = lens(b, m)
    # the valid lengths as torch's attn_mask, (batch * num_heads, n, m) with example b's heads at b * num_heads + ...
    # (a key_padding_mask would say the same, but checking it imports sympy: 1.8 s)
    pad = torch.arange(m)[None, :] >= valid_lens.repeat_interleave(h)[:, None]
    mask = torch.zeros(b * h, n, m).masked_fill(pad[:, None, :], -1e6)
    want, _ = torch_mha(queries, keys, values, attn_mask=mask)
    expect_tensor(net(queries, keys, values, valid_lens), want,
                  f"MultiHeadAttention({hid}, {hid}, {hid}, {hid}, {h}) against nn.MultiheadAttention({hid}, {h}) with "
                  "the same weights (W_q, W_k, W_v from its in_proj_weight, W_o its out_proj)", atol=1e-4)
