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

import torch
from torch import nn
from torch.nn import functional as F

from katas.checks import fail


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
