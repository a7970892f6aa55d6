"""Checks on recurrent nets and their training loops (chapter 8; chapter 9's GRU and LSTM reuse them).

watch(net) wraps a net (d2l's RNNModelScratch-like object with params, or an nn.Module) so that a
test sees what a training loop does with the state: every begin_state, every state handed to the
net, the device of every input. A state that still carries the previous minibatch's graph is named
at the call that receives it, before backward would fail on the freed graph (or, with
retain_graph, before the graph grows for the rest of the epoch). epoch() is d2l's train_epoch_ch8,
written out with switches for the classic mistakes, so a test can say which one it sees.
"""

from __future__ import annotations

import math
import random

import torch
from torch import nn
from torch.nn import functional as F

from katas.checks import expect, fail, fmt_shape


def _tensors(state):
    return list(state) if isinstance(state, (tuple, list)) else [state]


class _Watch:
    """What a loop did: begin_state calls, the states it passed in, the devices of its inputs."""

    def _setup(self, net, what: str):
        self.net, self.what = net, what
        self.begins = 0  # begin_state calls
        self.calls: list[dict] = []  # per call: the state in (values), whether it came from begin_state, X's device
        self._fresh: list = []  # the tensors the last begin_state handed out (kept alive: compared by identity)

    def begin_state(self, *args, **kwargs):
        state = self.net.begin_state(*args, **kwargs)
        self.begins += 1
        self._fresh = _tensors(state)
        return state

    def _record(self, X, state):
        __tracebackhide__ = True
        carried = [t for t in _tensors(state) if torch.is_tensor(t)]
        if any(t.grad_fn is not None for t in carried):
            node = next(t.grad_fn for t in carried if t.grad_fn is not None).name()
            fail(f"{self.what}: the state handed to minibatch {len(self.calls)} still carries the previous minibatch's "
                 f"graph (grad_fn={node}): detach it in place before the next minibatch, `for s in state: "
                 "s.detach_()` (a tensor state: state.detach_()); s.detach() alone returns a new tensor and changes "
                 "nothing, and without detaching, backward runs into the freed graph of the minibatch before",
                 f"{self.what}：交给第 {len(self.calls)} 个小批量的隐状态仍带着上一个小批量的计算图（grad_fn={node}）："
                 "在下一个小批量之前原地分离它，`for s in state: s.detach_()`（张量状态用 state.detach_()）；"
                 "单独的 s.detach() 只返回新张量、什么也不改；不分离的话 backward 会进入上一批已释放的图")
        self.calls.append({"fresh": all(any(t is f for f in self._fresh) for t in carried),
                           "state": [t.detach().clone() for t in carried],
                           "device": X.device.type if torch.is_tensor(X) else None})

    def _returned(self, out):
        if isinstance(out, tuple) and len(out) == 2:
            self.calls[-1]["out"] = [t.detach().clone() for t in _tensors(out[1]) if torch.is_tensor(t)]
        return out


class _Watched(_Watch):
    def __init__(self, net, what):
        self._setup(net, what)

    @property
    def params(self):
        return self.net.params

    def __call__(self, X, state):
        __tracebackhide__ = True
        self._record(X, state)
        return self._returned(self.net(X, state))


class _WatchedModule(_Watch, nn.Module):
    def __init__(self, net, what):
        nn.Module.__init__(self)
        self._setup(net, what)  # net is registered as a submodule: its parameters are this module's

    def forward(self, X, state):
        __tracebackhide__ = True
        self._record(X, state)
        return self._returned(self.net(X, state))


def watch(net, what: str):
    """net, watched: an nn.Module stays one (optimizers and isinstance checks see its parameters)."""
    return _WatchedModule(net, what) if isinstance(net, nn.Module) else _Watched(net, what)


def params_of(net) -> list[torch.Tensor]:
    return list(net.parameters()) if isinstance(net, nn.Module) else list(net.params)


def flat(params) -> torch.Tensor:
    return torch.cat([p.detach().reshape(-1).to("cpu", torch.float64) for p in params])


def clip(params, theta):
    """d2l's grad_clipping over a list of parameters."""
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm


def epoch(net, batches, lr, device, use_random_iter, *, clip_grad=True, transpose_y=True):
    """d2l's train_epoch_ch8 with plain SGD at lr (updater(batch_size=1) or torch.optim.SGD alike), and
    switches for the classic mistakes. Returns (perplexity, the per-minibatch mean losses and token counts)."""
    params = params_of(net)
    state, losses = None, []
    for X, Y in batches:
        if state is None or use_random_iter:
            state = net.begin_state(batch_size=X.shape[0], device=device)
        else:
            state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        y = (Y.T if transpose_y else Y).reshape(-1)
        X, y = X.to(device), y.to(device)
        y_hat, state = net(X, state)
        l = F.cross_entropy(y_hat, y.long())  # noqa: E741
        for p in params:
            p.grad = None
        l.backward()
        if clip_grad:
            clip(params, 1)
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
        losses.append((float(l.detach()), y.numel()))
    total = sum(l * n for l, n in losses)  # noqa: E741
    return math.exp(total / sum(n for _, n in losses)), losses


def expect_params(params, names: list[str], shapes: list[tuple[int, ...]], device, what: str) -> None:
    """A get_params list of chapter 8 or 9: its length and order, each tensor's shape, device, grad and
    initialisation (weights ~ N(0, 0.01), names starting with b zeros)."""
    __tracebackhide__ = True
    from katas.checks import expect, fmt_shape

    n = len(params) if hasattr(params, "__len__") else "?"
    expect(isinstance(params, (list, tuple)) and len(params) == len(names), f"{what} returned {type(params).__name__} "
           f"of {n}: return the {len(names)} parameters [{', '.join(names)}]",
           f"{what} 应返回 {len(names)} 个参数 [{', '.join(names)}]")
    for name, p, s in zip(names, params, shapes, strict=True):
        expect(torch.is_tensor(p), f"{what}: {name} is {type(p).__name__}, expected a tensor",
               f"{what}：{name} 是 {type(p).__name__}，应为张量")
        expect(tuple(p.shape) == s, f"{what}: {name} has shape {fmt_shape(p.shape)}, expected {fmt_shape(s)} (the "
               f"order is [{', '.join(names)}])", f"{what}：{name} 的形状为 {fmt_shape(p.shape)}，应为 {fmt_shape(s)}")
        expect(p.device.type == torch.device(device).type, f"{what}: {name} is on {p.device}, expected {device}: "
               "create every parameter with device=device", f"{what}：{name} 在 {p.device} 上，应在 {device} 上")
        expect(p.requires_grad and p.is_leaf, f"{what}: {name} is not a leaf that requires grad: scale first, then "
               "param.requires_grad_(True) for each", f"{what}：{name} 不是需要梯度的叶子张量：先乘 0.01，"
               "再对每个参数 requires_grad_(True)")
        if name.startswith("b"):
            expect(not p.detach().any(), f"{what}: {name} is not zeros", f"{what}：{name} 不是全零")
        else:
            std = float(p.detach().float().std())
            expect(0.005 < std < 0.02, f"{what}: {name} has standard deviation {std:.3g}, expected 0.01: "
                   "torch.randn(size=shape, device=device) * 0.01", f"{what}：{name} 的标准差为 {std:.3g}，应为 0.01")


def expect_lstm_model(net, v, h, layers, bidirectional, device, what):
    """net is d2l.RNNModel over nn.LSTM(v, h, layers, bidirectional=...), and runs on device with the state
    and outputs of that shape. 9.3's deep_lstm and 9.4's bidirectional_lstm."""
    __tracebackhide__ = True
    call = f"nn.LSTM({v}, {h}, {layers}{', bidirectional=True' if bidirectional else ''})"
    expect(isinstance(net, nn.Module) and hasattr(net, "begin_state"), f"{what} returned {type(net).__name__}: "
           f"return d2l.RNNModel({call}, vocab_size)", f"{what} 返回了 {type(net).__name__}：应返回 "
           f"d2l.RNNModel({call}, vocab_size)")
    rnn = getattr(net, "rnn", None)
    expect(isinstance(rnn, nn.LSTM), f"{what}'s recurrent layer is {type(rnn).__name__}: the book stacks LSTM "
           f"layers here, {call}", f"{what} 的循环层是 {type(rnn).__name__}：书中这里用 LSTM，{call}")
    expect(rnn.input_size == v, f"{what}'s LSTM reads {rnn.input_size} features: RNNModel feeds it one-hot tokens, "
           f"so its input size is vocab_size ({v}), {call}", f"{what} 的 LSTM 输入特征数为 {rnn.input_size}：RNNModel "
           f"输入的是独热编码，输入大小应为 vocab_size（{v}），{call}")
    expect(rnn.hidden_size == h, f"{what}'s LSTM has {rnn.hidden_size} hidden units, expected num_hiddens ({h})",
           f"{what} 的 LSTM 有 {rnn.hidden_size} 个隐藏单元，应为 num_hiddens（{h}）")
    expect(rnn.num_layers == layers, f"{what}'s LSTM has {rnn.num_layers} layer(s), expected {layers}: the third "
           f"argument stacks them, {call}", f"{what} 的 LSTM 有 {rnn.num_layers} 层，应为 {layers}：第三个参数决定"
           f"堆叠的层数，{call}")
    expect(rnn.bidirectional == bidirectional, f"{what}'s LSTM has bidirectional={rnn.bidirectional}, expected "
           f"{call}", f"{what} 的 LSTM 的 bidirectional={rnn.bidirectional}，应为 {call}")
    dirs = 2 if bidirectional else 1
    b, t = random.randint(2, 4), random.randint(3, 6)
    net = net.to(device)
    state = net.begin_state(device, b)
    want = (dirs * layers, b, h)
    for s, name in zip(state, "HC", strict=True):
        expect(tuple(s.shape) == want, f"{what}: the state's {name} has shape {fmt_shape(s.shape)}, expected "
               f"{fmt_shape(want)}, (num_directions * num_layers, batch_size, num_hiddens)",
               f"{what}：状态 {name} 的形状为 {fmt_shape(s.shape)}，应为 {fmt_shape(want)}")
    Y, _ = net(torch.randint(0, v, (b, t), device=device), state)
    expect(tuple(Y.shape) == (t * b, v), f"{what} predicts shape {fmt_shape(Y.shape)} for {b} sequences of {t} "
           f"tokens, expected {fmt_shape((t * b, v))}: d2l.RNNModel(lstm_layer, vocab_size) with vocab_size {v}",
           f"{what} 对 {b} 个长 {t} 的序列输出形状 {fmt_shape(Y.shape)}，应为 {fmt_shape((t * b, v))}")


# The gated language model of 9.2 trained as the book does, through 8.5's RNNModelScratch and
# train_epoch_ch8 (the reference's), on the Time Machine's first 10,000 characters, CPU: 32 hidden units,
# batch 32, 10 steps, SGD at lr 8 (gates learn slowly at the book's lr 1), 3 epochs of 31 minibatches, about
# 0.6 CPU-s (1.2 under the from-scratch guard). A model that learns nothing ends near 17.7, the unigram level.
# The GRU at lr 8 ended at 20.1 on 1 seed of 107 in the sweep (seed 26), so 9.1 has no such test yet.
GATED_LM = dict(hiddens=32, batch=32, steps=10, lr=8.0, epochs=3, max_tokens=10000)


def gated_lm_perplexity(get_params, init_state, forward, seed: int) -> float:
    """The perplexity of the last epoch of RNNModelScratch(get_params, init_state, forward), trained from seed."""
    from katas.fixtures import reference  # the reference sections, as the tests' fixtures import them

    c = GATED_LM
    random.seed(seed)
    torch.manual_seed(seed)
    lm, scratch = reference("ch8_3_language_models.py"), reference("ch8_5_rnn_scratch.py")
    train_iter, vocab = lm.load_data_time_machine(c["batch"], c["steps"], max_tokens=c["max_tokens"])
    net = scratch.RNNModelScratch(len(vocab), c["hiddens"], "cpu", get_params, init_state, forward)
    updater = lambda batch_size: scratch.d2l.sgd(net.params, c["lr"], batch_size)  # noqa: E731
    for _ in range(c["epochs"]):
        ppl, _ = scratch.train_epoch_ch8(net, train_iter, nn.CrossEntropyLoss(), updater, "cpu", False)
    return float(ppl)
