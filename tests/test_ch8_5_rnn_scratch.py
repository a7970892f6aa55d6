"""Graded tests for d2l 8.5, an RNN from scratch: parameters, state, the RNN, the model, prediction,
gradient clipping and the training loop (state carried and detached, or begun anew), on the Time Machine."""

import math
import random
from types import SimpleNamespace

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from katas import rnncheck
from katas.checks import Mistake, close, expect, expect_number, expect_tensor, fail, fmt_shape
from katas.fixtures import reference
from katas.testkit import D2L, FakeAnimator, converged, training_seed

exercise = pytest.mark.exercise

# Convergence of train_epoch_ch8 on the Time Machine (its first 10,000 characters, d2l's max_tokens), CPU:
# the scratch RNN with 64 hidden units, batch 32, 10 steps, SGD at lr 2, 4 epochs (124 minibatches, 0.4 CPU-s
# on one thread; d2l's own 512 units, 35 steps and 500 epochs take minutes). Over training seeds 0-999
# (benchmarks/seed_sweep_ch8.txt) a correct loop ends at perplexity at most 11.48 (median 11.28): bar - ppl is
# 1.024 at least, 1.055 at the 1st percentile, 1.216 at the median. Labels in the wrong order end near 17.6
# (unigram level); a missing detach, a state never re-begun and missing clipping are named by the step-by-step
# test before this one.
CONVERGENCE = dict(hiddens=64, batch=32, steps=10, lr=2.0, epochs=4, max_tokens=10000, bar=12.5)


def _sizes():
    """vocab_size, num_hiddens, batch_size, num_steps: all different, so a swapped axis shows."""
    v, h, b, t = random.sample(range(3, 13), 4)
    return v, h, b, t


def _params(v, h, device, scale=0.5):
    """RNN parameters large enough that tanh bends and gradients exceed a clipping norm of 1."""
    shapes = [(v, h), (h, h), (h,), (h, v), (v,)]
    return [(torch.randn(s) * scale).to(device).requires_grad_(True) for s in shapes]


def _rnn_ref(inputs, state, params, tanh=True):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = X @ W_xh + H @ W_hh + b_h
        H = torch.tanh(H) if tanh else H
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), (H,)


# --- get_params, init_rnn_state ---------------------------------------------------------------


@exercise("rnn_get_params")
def test_get_params(impl, device):
    v, h, _, _ = _sizes()
    v, h = v + 20, h + 20  # enough weights to see their spread
    params = impl.get_params(v, h, device)
    expect(isinstance(params, (list, tuple)) and len(params) == 5, f"get_params returned {type(params).__name__} "
           f"of {len(params) if hasattr(params, '__len__') else '?'}: return [W_xh, W_hh, b_h, W_hq, b_q]",
           "get_params 应返回 [W_xh, W_hh, b_h, W_hq, b_q]")
    names = ["W_xh", "W_hh", "b_h", "W_hq", "b_q"]
    shapes = [(v, h), (h, h), (h,), (h, v), (v,)]
    for name, p, s in zip(names, params, shapes, strict=False):
        expect(torch.is_tensor(p), f"get_params: {name} is {type(p).__name__}, expected a tensor",
               f"get_params：{name} 是 {type(p).__name__}，应为张量")
        expect(tuple(p.shape) == s, f"get_params({v}, {h}, ...): {name} has shape {fmt_shape(p.shape)}, expected "
               f"{fmt_shape(s)} (inputs and outputs have vocab_size features)",
               f"get_params({v}, {h}, ...)：{name} 的形状为 {fmt_shape(p.shape)}，应为 {fmt_shape(s)}")
        expect(p.device.type == torch.device(device).type, f"get_params: {name} is on {p.device}, expected {device}: "
               "create every parameter with device=device", f"get_params：{name} 在 {p.device} 上，应在 {device} 上")
        expect(p.requires_grad, f"get_params: {name} does not require grad: param.requires_grad_(True) for each",
               f"get_params：{name} 不需要梯度：对每个参数调用 param.requires_grad_(True)")
        expect(p.is_leaf, f"get_params: {name} is the result of an operation, not a leaf, so backward leaves its "
               ".grad empty: scale first, then requires_grad_(True) (torch.randn(..., requires_grad=True) * 0.01 "
               "is not a leaf)", f"get_params：{name} 是运算的结果而不是叶子张量，backward 不会填它的 .grad："
               "先乘 0.01，再 requires_grad_(True)")
    for name, p in zip(names, params, strict=False):
        if name.startswith("b"):
            expect(not p.detach().any(), f"get_params: {name} is not zeros", f"get_params：{name} 不是全零")
        else:
            std = float(p.detach().float().std())
            expect(0.005 < std < 0.02, f"get_params: {name} has standard deviation {std:.3g}, expected 0.01: "
                   "torch.randn(size=shape, device=device) * 0.01", f"get_params：{name} 的标准差为 {std:.3g}，"
                   "应为 0.01：torch.randn(size=shape, device=device) * 0.01")


@exercise("init_rnn_state")
def test_init_rnn_state(impl, device):
    _, h, b, _ = _sizes()
    state = impl.init_rnn_state(b, h, device)
    if torch.is_tensor(state):
        fail("init_rnn_state returned a bare tensor: return a tuple (H,), (torch.zeros((batch_size, num_hiddens), "
             "device=device),) — the LSTM of chapter 9 has two state tensors, and H, = state unpacks one",
             "init_rnn_state 返回了单个张量：应返回元组 (H,)，(torch.zeros((batch_size, num_hiddens), device=device),)")
    expect(isinstance(state, tuple) and len(state) == 1, f"init_rnn_state returned {state!r:.80}: a tuple (H,)",
           f"init_rnn_state 返回了 {state!r:.80}：应为元组 (H,)")
    expect_tensor(state[0], torch.zeros(b, h, device=device), f"init_rnn_state({b}, {h}, {device})[0]")


# --- rnn --------------------------------------------------------------------------------------


def _rnn(impl, *args):
    __tracebackhide__ = True
    out = impl.rnn(*args)
    if torch.is_tensor(out):
        fail("rnn returned only the outputs: return (outputs, (H,)), the last state too, so that the next "
             "minibatch (and predict_ch8's next character) continues from it",
             "rnn 只返回了输出：应返回 (outputs, (H,))，把最后的隐状态也返回，"
             "下一个小批量（和 predict_ch8 的下一个字符）要接着用")
    expect(isinstance(out, tuple) and len(out) == 2, f"rnn returned {type(out).__name__}: return (outputs, (H,))",
           f"rnn 返回了 {type(out).__name__}：应返回 (outputs, (H,))")
    return out


@exercise("rnn")
def test_rnn(impl, device):
    v, h, b, t = _sizes()
    params = _params(v, h, device)
    inputs = F.one_hot(torch.randint(0, v, (t, b)), v).float().to(device)
    H0 = torch.randn(b, h).to(device)
    outputs, state = _rnn(impl, inputs, (H0,), params)
    want, (H,) = _rnn_ref(inputs, (H0,), params)
    what = f"rnn on inputs (num_steps, batch_size, vocab_size) = {fmt_shape(inputs.shape)}"
    if torch.is_tensor(outputs) and tuple(outputs.shape) == (t, b, v):
        fail(f"{what}: the outputs have shape {fmt_shape(outputs.shape)}: concatenate the steps along dim 0, "
             f"torch.cat(outputs, dim=0), to ({t * b}, {v}) (torch.stack adds a dimension)",
             f"{what}：输出形状为 {fmt_shape(outputs.shape)}：应沿第 0 维拼接，torch.cat(outputs, dim=0)，"
             f"得到 ({t * b}, {v})")
    expect_tensor(outputs, want, f"{what}: the outputs", atol=1e-4, mistakes=[
        Mistake(lambda a: close(a, _rnn_ref(inputs, (H0,), params, tanh=False)[0], atol=1e-4),
                "the hidden state needs its tanh: H = torch.tanh(X @ W_xh + H @ W_hh + b_h); without it the RNN is "
                "one linear map",
                "隐状态需要 tanh：H = torch.tanh(X @ W_xh + H @ W_hh + b_h)；没有它整个 RNN 只是线性映射"),
        Mistake(lambda a: close(a, _rnn_ref(inputs, (torch.zeros_like(H0),), params)[0], atol=1e-4),
                "start from the state given: H, = state (not zeros)", "要从传入的隐状态开始：H, = state（而不是全零）"),
    ])
    if torch.is_tensor(state):
        fail("rnn returned the state as a bare tensor: return it as a tuple, (H,), as init_rnn_state made it",
             "rnn 把隐状态作为单个张量返回了：要像 init_rnn_state 那样返回元组 (H,)")
    expect(isinstance(state, tuple) and len(state) == 1, f"rnn returned the state {state!r:.60}: return (H,)",
           f"rnn 返回的隐状态为 {state!r:.60}：应返回 (H,)")
    expect_tensor(state[0], H, f"{what}: the state returned", atol=1e-4, mistakes=[
        Mistake(lambda a: close(a, H0), "return the last step's H, not the state passed in",
                "要返回最后一步的 H，而不是传入的隐状态"),
    ])
    R = torch.randn_like(want)
    grads = torch.autograd.grad((outputs * R).sum(), params, allow_unused=True)
    want_grads = torch.autograd.grad((want * R).sum(), params)
    for name, g, w in zip(["W_xh", "W_hh", "b_h", "W_hq", "b_q"], grads, want_grads, strict=False):
        expect(g is not None, f"rnn: the outputs do not depend on {name}: use every parameter",
               f"rnn：输出与 {name} 无关：每个参数都要用到")
        expect_tensor(g, w, f"the gradient of rnn's outputs with respect to {name}", atol=1e-4)


# --- RNNModelScratch --------------------------------------------------------------------------


class Recorder:
    """get_params, init_state and forward_fn that remember how they were called."""

    def __init__(self):
        self.calls = {}

    def get_params(self, vocab_size, num_hiddens, device):
        self.calls["get_params"] = (vocab_size, num_hiddens, device)
        return ["params"]

    def init_state(self, batch_size, num_hiddens, device):
        self.calls["init_state"] = (batch_size, num_hiddens, device)
        return ("state",)

    def forward_fn(self, X, state, params):
        self.calls["forward_fn"] = (X, state, params)
        return "out", ("new",)


@exercise("RNNModelScratch")
def test_rnn_model_scratch_wiring(impl, device):
    v, h, b, t = _sizes()
    rec = Recorder()
    net = impl.RNNModelScratch(v, h, device, rec.get_params, rec.init_state, rec.forward_fn)
    expect(rec.calls.get("get_params") == (v, h, device), f"RNNModelScratch called get_params with "
           f"{rec.calls.get('get_params')}, expected ({v}, {h}, {device}): self.params = get_params(vocab_size, "
           "num_hiddens, device)", f"RNNModelScratch 调用 get_params 的参数为 {rec.calls.get('get_params')}，"
           f"应为 ({v}, {h}, {device})")
    expect(getattr(net, "params", None) == ["params"], "RNNModelScratch keeps no params: self.params = "
           "get_params(vocab_size, num_hiddens, device)", "RNNModelScratch 没有保存 params")
    expect((getattr(net, "vocab_size", None), getattr(net, "num_hiddens", None)) == (v, h),
           "RNNModelScratch keeps vocab_size and num_hiddens as attributes", "RNNModelScratch 要保存 vocab_size 和 "
                                                                             "num_hiddens")
    state = net.begin_state(b, device)
    expect(rec.calls.get("init_state") == (b, h, device) and state == ("state",), f"begin_state({b}, {device}) "
           f"called init_state with {rec.calls.get('init_state')} and returned {state!r:.40}: return "
           "self.init_state(batch_size, self.num_hiddens, device)",
           f"begin_state({b}, {device}) 应返回 self.init_state(batch_size, self.num_hiddens, device)")
    X = torch.randint(0, v, (b, t), device=device)
    out = net(X, ("given",))
    expect(out == ("out", ("new",)), "RNNModelScratch's call must return what forward_fn returns",
           "RNNModelScratch 的调用应返回 forward_fn 的返回值")
    inputs, st, params = rec.calls["forward_fn"]
    expect(st == ("given",) and params == ["params"], "call forward_fn(X, state, self.params) with the state given",
           "要调用 forward_fn(X, state, self.params)，并传入给定的隐状态")
    want = F.one_hot(X.T, v).float()
    if tuple(inputs.shape) == (b, t, v):
        fail(f"RNNModelScratch gave forward_fn inputs of shape {fmt_shape(inputs.shape)} (batch, steps, vocab) for X "
             f"{fmt_shape(X.shape)}: one-hot X.T, not X, so that time comes first, (num_steps, batch_size, "
             "vocab_size): rnn loops over the first dimension", f"RNNModelScratch 交给 forward_fn 的输入形状为 "
             f"{fmt_shape(inputs.shape)}：要对 X.T 而不是 X 做 one-hot，让时间步在前，(num_steps, batch_size, "
             "vocab_size)：rnn 沿第一维循环")
    if inputs.dtype != torch.float32:
        fail(f"RNNModelScratch gave forward_fn inputs of dtype {inputs.dtype}: F.one_hot returns integers; convert "
             "them, .type(torch.float32), before they meet the float weights",
             f"RNNModelScratch 交给 forward_fn 的输入 dtype 为 {inputs.dtype}：F.one_hot 返回整数，要先 "
             ".type(torch.float32) 再和浮点权重相乘")
    expect_tensor(inputs, want, f"the inputs RNNModelScratch gave forward_fn for X {fmt_shape(X.shape)}")


@exercise("RNNModelScratch")
def test_rnn_model_scratch_runs(impl, ref, device):
    v, h, b, t = _sizes()
    net = impl.RNNModelScratch(v, h, device, ref.get_params, ref.init_rnn_state, ref.rnn)
    state = net.begin_state(b, device)
    Y, new = net(torch.randint(0, v, (b, t), device=device), state)
    expect_tensor(Y, torch.zeros(t * b, v, device=device), "the outputs of RNNModelScratch with d2l's rnn",
                  atol=math.inf)
    expect(isinstance(new, tuple) and tuple(new[0].shape) == (b, h), "RNNModelScratch with d2l's rnn must return "
           "the new state (H,)", "RNNModelScratch 应返回新的隐状态 (H,)")


# --- predict_ch8 ------------------------------------------------------------------------------


class CountingNet:
    """A net whose prediction depends on how many tokens it has read (its state) and on the last one: read
    without the warm-up, or without carrying the state, the count differs by 1 to 5 (< vocab_size), and so
    does every prediction."""

    katas_lends = ("begin_state",)  # in instructor mode: what predict_ch8 may read of it across processes

    def __init__(self, v, device):
        self.v, self.device, self.begun, self.inputs = v, device, [], []

    def begin_state(self, batch_size, device):
        self.begun.append((batch_size, device))
        return (torch.zeros(batch_size, 1, device=device),)

    def __call__(self, X, state):
        self.inputs.append(X)
        H = state[0] + 1
        y = F.one_hot((H.long().reshape(-1) + 2 * X.reshape(-1)) % self.v, self.v).float()  # (batch, vocab)
        return y, (H,)


def _vocab(v):
    letters = random.sample("abcdefghijklmnop", v - 1)
    tokens = [[c] * (i + 1) for i, c in enumerate(letters)]
    return reference("ch8_2_text_preprocessing.py").Vocab(tokens)


@exercise("predict_ch8")
def test_predict_ch8(impl, ref, device):
    v = random.randint(6, 12)
    vocab = _vocab(v)
    prefix = "".join(random.choices(vocab.idx_to_token[1:], k=random.randint(3, 6)))
    n = random.randint(4, 10)
    net = CountingNet(v, device)
    want = ref.predict_ch8(prefix, n, CountingNet(v, device), vocab, device)  # before: the vocabulary is lent
    try:
        got = impl.predict_ch8(prefix, n, net, vocab, device)
    except RuntimeError as e:
        if not isinstance(e, NotImplementedError) and net.begun and net.begun[0][0] != 1:
            fail(f"predict_ch8 failed ({e}): it began its state with {net.begun[:1]}: one sequence is predicted, "
                 "net.begin_state(batch_size=1, device=device)", f"predict_ch8 出错：begin_state 的参数为 "
                 f"{net.begun[:1]}：只预测一个序列，net.begin_state(batch_size=1, device=device)")
        if not isinstance(e, NotImplementedError) and "is invalid for input of size" in str(e):
            fail(f"predict_ch8 failed ({e}): the scores y have shape (1, vocab_size); take the argmax over the "
                 "vocabulary, y.argmax(dim=1), not over dim 0", "predict_ch8 出错：y 的形状是 (1, vocab_size)；"
                 "要在词表维度上取 argmax，y.argmax(dim=1)，而不是第 0 维")
        raise
    expect(net.begun and net.begun[0][0] == 1, f"predict_ch8 began its state with {net.begun[:1]}: "
           "net.begin_state(batch_size=1, device=device), one sequence", f"predict_ch8 开始时的 begin_state 参数为 "
           f"{net.begun[:1]}：应为 net.begin_state(batch_size=1, device=device)")
    bad = [tuple(X.shape) for X in net.inputs if not torch.is_tensor(X) or tuple(X.shape) != (1, 1)]
    expect(not bad, f"predict_ch8 fed the net inputs of shape {bad[:1]}: one character at a time, a (1, 1) tensor "
           "(batch 1, one step)", f"predict_ch8 给网络的输入形状为 {bad[:1]}：每次一个字符，(1, 1) 的张量")
    moved = [X.device.type for X in net.inputs if X.device.type != torch.device(device).type]
    expect(not moved, f"predict_ch8 fed the net inputs on {moved[:1]}, expected {device}: torch.tensor([...], "
           "device=device)", f"predict_ch8 的输入在 {moved[:1]} 上，应在 {device} 上")
    expect(isinstance(got, str), f"predict_ch8 returned {type(got).__name__}: return the string, prefix included",
           f"predict_ch8 返回了 {type(got).__name__}：应返回字符串（包含前缀）")
    if got == want:
        return
    cold = CountingNet(v, device)  # no warm-up: the state never read the prefix
    state, last, out = cold.begin_state(1, device), vocab[prefix[-1]], prefix
    for _ in range(n):
        y, state = cold(torch.tensor([[last]], device=device), state)
        last = int(y.argmax(dim=1))
        out += vocab.idx_to_token[last]
    stuck = CountingNet(v, device)  # the state not carried from one prediction to the next
    state, last, out2 = stuck.begin_state(1, device), vocab[prefix[0]], prefix
    for c in prefix[1:]:
        _, state = stuck(torch.tensor([[last]], device=device), state)
        last = vocab[c]
    for _ in range(n):
        y, _ = stuck(torch.tensor([[last]], device=device), state)
        last = int(y.argmax(dim=1))
        out2 += vocab.idx_to_token[last]
    if got == out2 and out2 != want:
        fail(f"predict_ch8({prefix!r}, {n}) returned {got!r}, expected {want!r}: keep the state of every prediction, "
             "y, state = net(input, state), so the next one reads all the characters before it",
             f"predict_ch8({prefix!r}, {n}) 返回了 {got!r}，应为 {want!r}：每次预测都要保留隐状态，"
             "y, state = net(输入, state)，下一次预测才能读到之前所有字符")
    if got == out:
        fail(f"predict_ch8({prefix!r}, {n}) returned {got!r}, expected {want!r}: warm the state up first, feeding "
             "every character of the prefix through the net (ignoring its outputs), then predict",
             f"predict_ch8({prefix!r}, {n}) 返回了 {got!r}，应为 {want!r}：先预热，把前缀的每个字符都送进网络"
             "（忽略输出），再开始预测")
    expect(len(got) == len(prefix) + n, f"predict_ch8({prefix!r}, {n}) returned {got!r} ({len(got)} characters): the "
           f"prefix and {n} predicted characters, {len(prefix) + n} in all",
           f"predict_ch8({prefix!r}, {n}) 返回了 {got!r}：应为前缀加 {n} 个预测字符，共 {len(prefix) + n} 个")
    fail(f"predict_ch8({prefix!r}, {n}) returned {got!r}, expected {want!r}: each prediction is the argmax of the "
         "scores, fed back as the next input", f"predict_ch8({prefix!r}, {n}) 返回了 {got!r}，应为 {want!r}："
         "每次取得分最大的字符，并把它作为下一个输入")


# --- grad_clipping ----------------------------------------------------------------------------


def _grads(device, norm):
    """Parameters whose gradients have global norm about norm (each parameter's own norm below it)."""
    params = [torch.zeros(s, device=device, requires_grad=True) for s in [(4, 3), (3,), (3, 5), (5,)]]
    grads = [torch.randn(p.shape) for p in params]
    total = math.sqrt(sum(float((g ** 2).sum()) for g in grads))
    for p, g in zip(params, grads, strict=False):
        p.grad = (g * norm / total).to(device)
    return params


def _clip(impl, net, theta, what):
    __tracebackhide__ = True
    try:
        impl.grad_clipping(net, theta)
    except TypeError as e:
        if "NoneType" in str(e):
            fail(f"{what} failed ({e}): a parameter without a gradient was included: for an nn.Module take only "
                 "[p for p in net.parameters() if p.requires_grad]", f"{what} 出错：包含了没有梯度的参数："
                 "nn.Module 只取 [p for p in net.parameters() if p.requires_grad]")
        raise


@exercise("grad_clipping")
@pytest.mark.parametrize("norm", ["above theta", "below theta"])
def test_grad_clipping(impl, device, norm):
    theta = random.uniform(0.5, 2)
    total = theta * (random.uniform(2, 4) if norm == "above theta" else random.uniform(0.3, 0.9))
    params = _grads(device, total)
    before = [p.grad.clone() for p in params]
    grad_objects = [p.grad for p in params]
    want = [g.clone() for g in before]
    ghost = [torch.zeros_like(g, requires_grad=True) for g in want]
    for p, g in zip(ghost, want, strict=False):
        p.grad = g
    torch.nn.utils.clip_grad_norm_(ghost, theta)  # the reference, outside the learner's guard
    net = SimpleNamespace(params=params)
    what = f"grad_clipping(net, {theta:.3g}) on gradients of global norm {total:.3g}"
    _clip(impl, net, theta, what)
    got = torch.cat([p.grad.reshape(-1) for p in params])
    expected = torch.cat([g.reshape(-1) for g in want])
    per_param = torch.cat([(g * min(1, theta / float(g.norm()))).reshape(-1) for g in before])
    sum_of_norms = sum(float(g.norm()) for g in before)
    by_sum = torch.cat([(g * min(1, theta / sum_of_norms)).reshape(-1) for g in before])
    expect_tensor(got, expected, f"the gradients after {what}", atol=1e-5, mistakes=[
        Mistake(lambda a: close(a, torch.cat([g.reshape(-1) for g in before])),
                "the gradients are unchanged: scale each param.grad itself, in place (param.grad[:] *= theta / norm); "
                "`g = g * theta / norm` only rebinds the name g", "梯度没有变化：要原地缩放每个 param.grad "
                "（param.grad[:] *= theta / norm）；`g = g * theta / norm` 只是让名字 g 指向新张量"),
        Mistake(lambda a: close(a, per_param),
                "each parameter was clipped by its own norm: the norm is global, the square root of the sum of the "
                "squares of all gradients together, and every gradient is scaled by the same theta / norm",
                "每个参数按自己的范数裁剪了：范数是全局的，即所有梯度平方和的平方根，所有梯度乘以同一个 theta / norm"),
        Mistake(lambda a: close(a, by_sum),
                "the norm is not the sum of the parameters' norms: it is the square root of the sum of the squares "
                "of all gradients, torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))",
                "范数不是各参数范数之和：而是所有梯度平方和的平方根，"
                "torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))"),
        Mistake(lambda a: total < theta and close(a, torch.cat([(g * theta / total).reshape(-1) for g in before])),
                "gradients below theta were scaled up: clip only when norm > theta",
                "范数小于 theta 的梯度被放大了：只有 norm > theta 时才裁剪"),
    ])
    expect(all(p.grad.device.type == torch.device(device).type for p in params), f"{what} moved gradients off "
           f"{device}", f"{what} 把梯度移出了 {device}")
    if not all(p.grad is g for p, g in zip(params, grad_objects, strict=False)):
        return  # param.grad = ... is a new tensor, as the optimizer sees it: the values decide


@exercise("grad_clipping")
def test_grad_clipping_nn_module(impl, device):
    net = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2)).to(device)
    net[0].bias.requires_grad_(False)  # frozen: no gradient, left out as d2l does
    theta = random.uniform(0.5, 2)
    for p in net.parameters():
        if p.requires_grad:
            p.grad = torch.randn(p.shape, device=device) * 3
    trainable = [p for p in net.parameters() if p.requires_grad]
    want = [p.grad.clone() for p in trainable]
    ghost = [torch.zeros_like(g, requires_grad=True) for g in want]
    for p, g in zip(ghost, want, strict=False):
        p.grad = g
    torch.nn.utils.clip_grad_norm_(ghost, theta)
    what = f"grad_clipping(an nn.Module, {theta:.3g})"
    _clip(impl, net, theta, what)
    expect_tensor(torch.cat([p.grad.reshape(-1) for p in trainable]), torch.cat([g.reshape(-1) for g in want]),
                  f"the gradients after {what}", atol=1e-5)


# --- train_epoch_ch8 --------------------------------------------------------------------------


def _scratch(v, h, device, ref):
    """d2l's scratch RNN, with parameters large enough for clipping to act."""
    def get_params(*args):
        params = _params(v, h, device)
        with torch.no_grad():
            params[3].mul_(4)  # W_hq: confident (and wrong) predictions, gradients well above the clipping norm
        return params

    return ref.RNNModelScratch(v, h, device, get_params, ref.init_rnn_state, ref.rnn)


def _module(kind, v, h, device):
    concise = reference("ch8_6_rnn_concise.py")
    layer = {"rnn": nn.RNN, "lstm": nn.LSTM}[kind](v, h)
    net = concise.RNNModel(layer, v).to(device)
    with torch.no_grad():
        for p in net.parameters():
            p.mul_(4)
        net.linear.weight.mul_(4)  # confident (and wrong) predictions, gradients well above the clipping norm
    return net


def _copy(net, start):
    with torch.no_grad():
        for p, s in zip(rnncheck.params_of(net), start, strict=False):
            p.copy_(s)


def _epoch(impl, net, batches, lr, device, use_random_iter, what):
    """The learner's train_epoch_ch8 with plain SGD: a function updater, or torch.optim.SGD for an nn.Module."""
    __tracebackhide__ = True
    params = rnncheck.params_of(net)
    if isinstance(net, nn.Module):
        updater = torch.optim.SGD(net.parameters(), lr)
    else:
        def updater(batch_size):
            with torch.no_grad():
                for p in params:
                    p -= lr * p.grad / batch_size
                    p.grad.zero_()
    try:
        return impl.train_epoch_ch8(net, batches, nn.CrossEntropyLoss(), updater, device, use_random_iter)
    except RuntimeError as e:
        if isinstance(e, NotImplementedError):
            raise
        if "detach" in str(e) and "view" in str(e):
            fail(f"{what} failed ({e}): nn.RNN's state is one tensor, and `for s in state` walks its rows (views): "
                 "detach a tensor state itself, state.detach_(); only a tuple state (nn.LSTM's, the scratch model's) "
                 "is detached tensor by tensor",
                 f"{what} 出错：nn.RNN 的隐状态是一个张量，`for s in state` 遍历的是它的行"
                 "（视图）：张量状态直接 state.detach_()；只有元组状态（nn.LSTM 的、从零实现的模型的）才逐个分离")
        if "same device" in str(e) or "expected device" in str(e):
            fail(f"{what} failed ({e}): move each minibatch to device, X, y = X.to(device), y.to(device)",
                 f"{what} 出错：每个小批量都要移到 device 上，X, y = X.to(device), y.to(device)")
        raise


def _after(make, start, batches, lr, device, use_random_iter, **switch):
    """The parameters after d2l's epoch (with a classic mistake switched on) from start, flattened."""
    net = make()
    _copy(net, start)
    rnncheck.epoch(net, batches, lr, device, use_random_iter, **switch)
    return rnncheck.flat(rnncheck.params_of(net))


def _batches(v, batch_size, num_steps, n, sequential):
    corpus = torch.randint(0, v, (n,)).tolist()
    lm = reference("ch8_3_language_models.py")
    fn = lm.seq_data_iter_sequential if sequential else lm.seq_data_iter_random
    return list(fn(corpus, batch_size, num_steps))


@exercise("train_epoch_ch8")
@pytest.mark.parametrize("net_kind", ["scratch", "rnn", "lstm"])
@pytest.mark.parametrize("sampling", ["sequential", "random"])
def test_train_epoch_ch8_steps_like_d2l(impl, ref, device, net_kind, sampling):
    use_random_iter = sampling == "random"

    def maker(v, h, on):
        return (lambda: _scratch(v, h, on, ref)) if net_kind == "scratch" else (lambda: _module(net_kind, v, h, on))

    for _ in range(20):  # drawn until clipping changes the result, so that a loop without it shows
        v, h, b, t = _sizes()
        lr = random.uniform(0.05, 0.3)
        batches = _batches(v, b, t, b * t * random.randint(3, 5) + t + 2, not use_random_iter)
        on_cpu = maker(v, h, "cpu")  # the search runs on the CPU: simgpu costs ten times as much per op
        start = [p.detach().clone() for p in rnncheck.params_of(on_cpu())]
        if not close(_after(on_cpu, start, batches, lr, "cpu", use_random_iter),
                     _after(on_cpu, start, batches, lr, "cpu", use_random_iter, clip_grad=False), atol=1e-4):
            break
    make = maker(v, h, device)
    net = make()
    _copy(net, start)
    model = "the scratch RNN" if net_kind == "scratch" else "nn." + net_kind.upper()
    what = f"train_epoch_ch8 ({sampling} sampling, {model})"
    watched = rnncheck.watch(net, what)
    out = _epoch(impl, watched, batches, lr, device, use_random_iter, what)
    calls = watched.calls
    expect(len(calls) == len(batches), f"{what} ran the net {len(calls)} times on {len(batches)} minibatches: once "
           "per minibatch", f"{what} 在 {len(batches)} 个小批量上调用了网络 {len(calls)} 次：每个小批量一次")
    off = [c["device"] for c in calls if c["device"] != torch.device(device).type]
    expect(not off, f"{what} fed the net X on {off[:1]}, expected {device}: X, y = X.to(device), y.to(device)",
           f"{what} 给网络的 X 在 {off[:1]} 上，应在 {device} 上：X, y = X.to(device), y.to(device)")
    if use_random_iter:
        stale = [k for k, c in enumerate(calls) if not c["fresh"]]
        expect(not stale, f"{what}: minibatch {stale[:1]} got the previous minibatch's state: with random sampling "
               "neighbouring minibatches are unrelated text, so begin a new state for every one "
               "(if state is None or use_random_iter: state = net.begin_state(...))",
               f"{what}：第 {stale[:1]} 个小批量拿到了上一个小批量的隐状态：随机采样时相邻小批量互不相关，"
               "每个小批量都要重新 begin_state（if state is None or use_random_iter）")
    else:
        renewed = [k for k, c in enumerate(calls) if k > 0 and c["fresh"]]
        expect(not renewed, f"{what} began a new state at minibatch {renewed[:1]}: with sequential partitioning "
               "each minibatch continues the one before, so carry the state on (detached) and begin one only for "
               "the first", f"{what} 在第 {renewed[:1]} 个小批量重新初始化了隐状态：顺序分区时每个小批量接着上一个，"
               "隐状态要沿用（并分离），只在第一个小批量初始化")
        for k in range(1, len(calls)):
            before, now = calls[k - 1].get("out"), calls[k]["state"]
            same = before is not None and len(before) == len(now) and all(map(close, before, now))
            expect(same,
                   f"{what}: the state entering minibatch {k} is not the one minibatch {k - 1} returned: keep "
                   "y_hat, state = net(X, state) and pass that state on",
                   f"{what}：进入第 {k} 个小批量的隐状态不是第 {k - 1} 个返回的："
                   "y_hat, state = net(X, state)，把它传下去")
    expect(isinstance(out, tuple) and len(out) == 2, f"{what} returned {out!r:.60}: return (perplexity, tokens per "
           "second)", f"{what} 返回了 {out!r:.60}：应返回 (困惑度, 每秒词元数)")
    ppl, speed = out
    sim = make()
    _copy(sim, start)
    want_ppl, losses = rnncheck.epoch(sim, batches, lr, device, use_random_iter)
    got_params = rnncheck.flat(rnncheck.params_of(net))

    def variant(**switch):
        return _after(make, start, batches, lr, device, use_random_iter, **switch)

    expect_tensor(got_params, rnncheck.flat(rnncheck.params_of(sim)), f"the parameters after {what} (lr {lr:.3g})",
                  atol=1e-4, mistakes=[
        Mistake(lambda a: close(a, variant(clip_grad=False), atol=1e-4),
                "the gradients were not clipped: call grad_clipping(net, 1) between backward and the update",
                "梯度没有裁剪：在 backward 和参数更新之间调用 grad_clipping(net, 1)"),
        Mistake(lambda a: close(a, variant(transpose_y=False), atol=1e-4),
                "the labels are in the wrong order: the outputs come step by step (step 0 of every sequence first), "
                "so flatten the transposed labels, y = Y.T.reshape(-1)",
                "标签的顺序不对：输出是按时间步排列的（先是每个序列的第 0 步），"
                "所以要先转置再展平，y = Y.T.reshape(-1)"),
        Mistake(lambda a: close(a, rnncheck.flat(start)),
                "the parameters never changed: after l.backward() and clipping, call the updater "
                "(updater(batch_size=1) "
                "for a function, updater.step() for a torch.optim.Optimizer)",
                "参数没有变化：backward 和裁剪之后要调用更新（函数用 updater(batch_size=1)，优化器用 updater.step()）"),
    ])
    n, total = sum(k for _, k in losses), sum(loss * k for loss, k in losses)
    expect_number(ppl, want_ppl, f"the perplexity {what} returned", rtol=1e-4, mistakes=[
        Mistake(lambda a: abs(float(a) - sum(math.exp(loss) for loss, _ in losses) / len(losses)) < 1e-4 * want_ppl,
                "that is the mean of the minibatches' perplexities: the perplexity is exp of the mean loss per token "
                "over the epoch, math.exp(metric[0] / metric[1])",
                "这是各小批量困惑度的平均：困惑度是整轮每个词元平均损失的 exp，math.exp(metric[0] / metric[1])"),
        Mistake(lambda a: not math.isfinite(float(a)) or abs(math.log(float(a)) - total) < 1e-3,
                f"that is exp of the summed loss: divide the sum of l * y.numel() by the number of tokens ({n}) "
                "before exp", f"这是损失总和的 exp：先用 l * y.numel() 的和除以词元数（{n}），再取 exp"),
    ])
    expect(isinstance(speed, (int, float)) and speed > 0, f"{what} returned the speed {speed!r}: tokens per second, "
           "metric[1] / timer.stop()", f"{what} 返回的速度为 {speed!r}：应为每秒词元数，metric[1] / timer.stop()")


@exercise("train_epoch_ch8")
@pytest.mark.timeout(60)
def test_train_epoch_ch8_converges(impl, ref, time_machine):
    c = CONVERGENCE
    seed = training_seed()
    random.seed(seed)
    torch.manual_seed(seed)
    lm = reference("ch8_3_language_models.py")
    train_iter, vocab = lm.load_data_time_machine(c["batch"], c["steps"], max_tokens=c["max_tokens"])
    net = ref.RNNModelScratch(len(vocab), c["hiddens"], "cpu", ref.get_params, ref.init_rnn_state, ref.rnn)
    what = f"train_epoch_ch8 (the scratch RNN on the Time Machine, {c['epochs']} epochs)"
    updater = lambda batch_size: ref.d2l.sgd(net.params, c["lr"], batch_size)  # noqa: E731
    loss, watched = _KeptLoss(), rnncheck.watch(net, what)
    for _ in range(c["epochs"]):
        loss.seen.clear()
        ppl, _ = impl.train_epoch_ch8(watched, train_iter, loss, updater, "cpu", False)
    # judged on the losses the test's loss computed, not on the number returned (red team I53: a returned figure is
    # the learner's word): the returned perplexity must be theirs
    tokens = sum(n for _, n in loss.seen)
    kept = math.exp(sum(value * n for value, n in loss.seen) / tokens) if tokens else float("inf")
    try:
        value = float(ppl)
    except (TypeError, ValueError, RuntimeError):
        value = None
    expect(value is not None and math.isclose(value, kept, rel_tol=1e-4),
           f"{what} returned the perplexity {ppl!r}, but the losses of the epoch give {kept:.4g}: return "
           "math.exp(metric[0] / metric[1]), the sum of each minibatch's mean loss times its tokens over the tokens",
           f"{what} 返回的困惑度为 {ppl!r}，而这一轮的损失给出 {kept:.4g}："
           "应返回 math.exp(metric[0] / metric[1])（各小批量平均损失乘以词元数之和，除以词元总数）")
    converged(kept, c["bar"], f"{what}: the perplexity after the last epoch", lower_is_better=True)


class _KeptLoss(nn.CrossEntropyLoss):
    """CrossEntropyLoss that keeps, for each call, its mean and the number of tokens it was given."""

    def __init__(self):
        super().__init__()
        self.seen: list[tuple[float, int]] = []

    def forward(self, y_hat, y):
        out = super().forward(y_hat, y)
        self.seen.append((float(out.detach().mean()), y.numel()))
        return out


# --- train_ch8 --------------------------------------------------------------------------------


def _train(impl, ref, net_kind, device, use_random_iter, monkeypatch, epochs):
    """(net, history, the reference's net and history from the same start, the variant with the other sampling)."""
    v, h, b, t = _sizes()
    vocab = _vocab(v)
    lr = random.uniform(0.05, 0.3)
    batches = _batches(v, b, t, b * t * 2 + t + 2, not use_random_iter)
    make = (lambda: _scratch(v, h, device, ref)) if net_kind == "scratch" else (lambda: _module("rnn", v, h, device))
    net = make()
    start = [p.detach().clone() for p in rnncheck.params_of(net)]
    monkeypatch.setattr(impl._module, "d2l", D2L(impl._module.d2l, Animator=FakeAnimator))
    monkeypatch.setattr(ref, "d2l", D2L(ref.d2l, Animator=FakeAnimator))
    FakeAnimator.last = None
    history = impl.train_ch8(net, batches, vocab, lr, epochs, device, use_random_iter)
    animator = FakeAnimator.last

    def run(flag):
        other = make()
        _copy(other, start)
        return other, ref.train_ch8(other, batches, vocab, lr, epochs, device, flag)

    return net, history, animator, run, lr


def _same_training(net, history, run, use_random_iter, epochs, what):
    """The parameters and the history of the learner's train_ch8 are the reference's from the same start."""
    __tracebackhide__ = True
    want_net, want = run(use_random_iter)
    got = rnncheck.flat(rnncheck.params_of(net))
    expect_tensor(got, rnncheck.flat(rnncheck.params_of(want_net)), f"the parameters after {what}", atol=1e-4,
                  mistakes=[Mistake(lambda a: close(a, rnncheck.flat(rnncheck.params_of(run(not use_random_iter)[0])),
                                                    atol=1e-4),
                                    f"use_random_iter={use_random_iter} was not passed on: call train_epoch_ch8(net, "
                                    "train_iter, loss, updater, device, use_random_iter)",
                                    f"没有把 use_random_iter={use_random_iter} 传下去：调用 train_epoch_ch8(net, "
                                    "train_iter, loss, updater, device, use_random_iter)")])
    expect(isinstance(history, list) and len(history) == epochs, f"{what} returned {history!r:.80}: return the "
           f"history, one (perplexity, speed) per epoch ({epochs})",
           f"{what} 返回了 {history!r:.80}：应返回每轮一个 (困惑度, 速度) 的列表（共 {epochs} 轮）")
    ppls = [float(h[0]) for h in history]
    expect(close(torch.tensor(ppls), torch.tensor([h[0] for h in want]), rtol=1e-4),
           f"{what} returned the perplexities {[round(p, 3) for p in ppls]}, expected "
           f"{[round(h[0], 3) for h in want]}: keep train_epoch_ch8's (ppl, speed) of every epoch",
           f"{what} 返回的困惑度为 {[round(p, 3) for p in ppls]}，应为 {[round(h[0], 3) for h in want]}")


# On the CPU: the whole loop (10-12 epochs, so the 10th is drawn), both models and both samplings.
@exercise("train_ch8")
@pytest.mark.parametrize("net_kind", ["scratch", "rnn"])
@pytest.mark.parametrize("sampling", ["sequential", "random"])
def test_train_ch8(impl, ref, net_kind, sampling, monkeypatch, capsys):
    use_random_iter, epochs = sampling == "random", random.randint(10, 12)
    net, history, animator, run, lr = _train(impl, ref, net_kind, "cpu", use_random_iter, monkeypatch, epochs)
    what = f"train_ch8 ({'the scratch RNN' if net_kind == 'scratch' else 'nn.RNN'}, lr {lr:.3g}, {epochs} epochs)"
    _same_training(net, history, run, use_random_iter, epochs, what)
    drawn = [x for x, _ in animator.points] if animator else []
    expect(drawn == [10], f"{what} drew the epochs {drawn}: add (epoch + 1, [ppl]) to a d2l.Animator every 10th "
           "epoch", f"{what} 画出的轮次为 {drawn}：每 10 轮向 d2l.Animator 添加一次 (epoch + 1, [ppl])")
    out = capsys.readouterr().out
    expect("perplexity" in out, f"{what} printed no perplexity: print(f'perplexity {{ppl:.1f}}, {{speed:.1f}} "
           "tokens/sec on {device}') at the end", f"{what} 没有打印困惑度")


# On every device: the device reaches train_epoch_ch8 and predict_ch8 (two epochs are enough to show it;
# the simulated GPU runs each op through Python, ten times the CPU's cost).
@exercise("train_ch8")
def test_train_ch8_on_the_device(impl, ref, device, monkeypatch, capsys):
    epochs = 2
    net, history, _, run, lr = _train(impl, ref, "scratch", device, False, monkeypatch, epochs)
    _same_training(net, history, run, False, epochs, f"train_ch8 (the scratch RNN on {device}, lr {lr:.3g})")
