"""Make the torch shortcuts that a from-scratch exercise replaces fail while it runs.

The check sits at the dispatch level: a TorchDispatchMode sees every aten op that runs, however
it was reached (an alias import, nn.MSELoss calling F.mse_loss, x.softmax(1), torch.ops.aten
directly, code inside torch._C.DisableTorchFunction()), so a key names ops, not Python functions.
Two more routes are closed around it: torch.optim is refused on the Optimizer class and, for its
functional forms (torch.optim.sgd.sgd), on any op dispatched from torch/optim's own code; and code
that steps out of the mode (torch._C._DisableTorchDispatch, popping it) still leaves the op's node
in the autograd graph of what it returns, which is read after the call.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

from katas.checks import KataFailure

# catalogue key -> (what the learner called, a pattern over op names). An op name is matched with
# underscores dropped and in lower case, so one pattern fits the aten op (_log_softmax) and its
# autograd node (LogSoftmaxBackward0 -> logsoftmax).
SHORTCUTS: dict[str, tuple[str, re.Pattern]] = {
    "mse_loss": ("F.mse_loss / nn.MSELoss", re.compile(r"mseloss")),
    "softmax": ("torch.softmax / F.softmax / Tensor.softmax / F.log_softmax",
                re.compile(r"^(special)?(safe|log)?softmax$")),
    "cross_entropy": ("F.cross_entropy / nn.CrossEntropyLoss / F.nll_loss",
                      re.compile(r"^(crossentropyloss|nllloss(2d)?(forward|nd)?)$")),
    "conv2d": ("F.conv2d / nn.Conv2d / F.unfold", re.compile(r"conv(?!ert)|im2col")),
    "pool2d": ("F.max_pool2d / F.avg_pool2d / nn.MaxPool2d / nn.AvgPool2d / F.unfold", re.compile(r"pool|im2col")),
    "batch_norm": ("F.batch_norm / nn.BatchNorm / torch.batch_norm / torch.var_mean",
                   re.compile(r"batchnorm|varmean")),
    "rnn": ("nn.RNN / torch.rnn_tanh / torch.rnn_tanh_cell (a recurrent layer of torch's)",
            re.compile(r"^rnn(tanh|relu)|^(lstm|gru)(cell)?$|fused(lstm|gru)|^(cudnn|miopen|mkldnn)rnn")),
    "attention": ("F.scaled_dot_product_attention / nn.MultiheadAttention / nn.Transformer* (torch's attention)",
                  re.compile(r"scaleddotproduct|multiheadattention|transformer")),
}
# Keys whose ops are composite (torch.rnn_tanh decomposes into mm and tanh before any dispatch mode
# sees it): they are refused where the Python call is made, by a TorchFunctionMode.
BY_FUNCTION = {"rnn", "attention"}
OPTIM = "optim"  # torch.optim: the Optimizer class, and any op run by torch/optim's code
_OPTIM_DIR = str(Path(torch.optim.__file__).parent)
# keys refused by where the op comes from: any op dispatched from this code (its own ops are plain ones)
CODE = {"clip_grad": ("torch.nn.utils.clip_grad_norm_", str(Path(torch.nn.utils.__file__).parent / "clip_grad.py"))}
_GRAPH_LIMIT = 20_000  # autograd nodes read after a call (a training loop's graph is long gone by then)


class ForbiddenCall(KataFailure):
    pass


def _forbidden(what: str, exercise: str) -> ForbiddenCall:
    return ForbiddenCall(
        f"{exercise} called {what}, which this from-scratch exercise asks you to write "
        "yourself: use tensor arithmetic instead",
        f"{exercise} 调用了 {what}；这是从零实现的练习，请用张量运算自己写出来",
    )


def _flat(name: str) -> str:
    return name.replace("_", "").lower()


def _match(patterns: dict[str, re.Pattern], name: str) -> str | None:
    flat = _flat(name)
    return next((what for what, p in patterns.items() if p.search(flat)), None)


def _from(places: tuple[str, ...]) -> bool:
    """Whether the op being dispatched was called from code under one of places (a folder or a file)."""
    f = sys._getframe(2)
    while f is not None:
        if f.f_code.co_filename.startswith(places):
            return True
        f = f.f_back
    return False


class _Guard(TorchDispatchMode):
    def __init__(self, patterns: dict[str, re.Pattern], optim: bool, exercise: str, code: dict[str, str] = {}):  # noqa: B006
        super().__init__()
        self.patterns, self.optim, self.exercise, self.code = patterns, optim, exercise, code
        self.places = (*self.code.values(), *([_OPTIM_DIR] if optim else []))

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        return False  # True would import torch._dynamo (2 s) on the first op, for nothing here

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        what = _match(self.patterns, func.__name__.split(".")[0])
        if what is None and self.places and _from(self.places):
            what = next((w for w, place in self.code.items() if _from((place,))), "a torch.optim function")
        if what:
            raise _forbidden(what, self.exercise)
        return func(*args, **(kwargs or {}))


class _FunctionGuard(TorchFunctionMode):
    def __init__(self, patterns: dict[str, re.Pattern], exercise: str):
        super().__init__()
        self.patterns, self.exercise = patterns, exercise

    def __torch_function__(self, func, types, args=(), kwargs=None):
        what = _match(self.patterns, getattr(func, "__name__", ""))
        if what:
            raise _forbidden(what, self.exercise)
        return func(*args, **(kwargs or {}))


def _escape_hatch(exercise: str):
    def refuse(*args, **kwargs):
        raise ForbiddenCall(
            f"{exercise} switched off torch's dispatch (torch._C._DisableTorchDispatch): a from-scratch "
            "exercise runs with torch as it is",
            f"{exercise} 关闭了 torch 的分发机制（torch._C._DisableTorchDispatch）：从零实现的练习请正常使用 torch",
        )

    return refuse


@contextlib.contextmanager
def forbidden(keys: tuple[str, ...], exercise: str) -> Iterator[None]:
    """Within the block, the shortcuts named by catalogue keys raise ForbiddenCall."""
    patterns = {SHORTCUTS[k][0]: SHORTCUTS[k][1] for k in keys if k in SHORTCUTS}
    optim = OPTIM in keys
    code = dict(CODE[k] for k in keys if k in CODE)
    if not patterns and not optim and not code:
        yield
        return
    opt = torch.optim.Optimizer
    saved_init, saved_disable = opt.__init__, torch._C._DisableTorchDispatch
    if optim:

        def refuse(self, *args, **kwargs):
            raise _forbidden(f"torch.optim.{type(self).__name__}", exercise)

        opt.__init__ = refuse
    torch._C._DisableTorchDispatch = _escape_hatch(exercise)
    guard = _Guard(patterns, optim, exercise, code)
    by_function = {SHORTCUTS[k][0]: SHORTCUTS[k][1] for k in keys if k in BY_FUNCTION}
    stack = contextlib.ExitStack()
    if by_function:
        stack.enter_context(_FunctionGuard(by_function, exercise))
    try:
        guard.__enter__()
        try:
            yield
        finally:
            try:
                guard.__exit__(None, None, None)
            except Exception:  # the learner's code popped the mode off torch's stack
                raise ForbiddenCall(
                    f"{exercise} stepped out of the from-scratch guard (it popped torch's dispatch mode)",
                    f"{exercise} 跳出了从零实现的检查（弹出了 torch 的 dispatch mode）",
                ) from None
    finally:
        stack.close()
        opt.__init__, torch._C._DisableTorchDispatch = saved_init, saved_disable


def _tensors(obj, depth: int = 0) -> Iterator[torch.Tensor]:
    if torch.is_tensor(obj):
        yield obj
    elif depth < 3 and isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _tensors(x, depth + 1)
    elif depth < 3 and isinstance(obj, dict):
        for x in obj.values():
            yield from _tensors(x, depth + 1)


def _nodes(roots) -> Iterator:
    """Autograd nodes reachable from roots (breadth first, at most _GRAPH_LIMIT)."""
    seen, todo = set(), [r for r in roots if r is not None]
    while todo and len(seen) < _GRAPH_LIMIT:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        yield node
        todo.extend(n for n, _ in node.next_functions if n is not None)


def check_graph(out, inputs, keys: tuple[str, ...], exercise: str) -> None:
    """Refuse a forbidden op found in the autograd graph of out (nodes the inputs brought excluded)."""
    patterns = {SHORTCUTS[k][0]: SHORTCUTS[k][1] for k in keys if k in SHORTCUTS}
    roots = [t.grad_fn for t in _tensors(out) if t.grad_fn is not None]
    if not patterns or not roots:
        return
    given = set(_nodes(t.grad_fn for t in _tensors(inputs)))
    for node in _nodes(roots):
        if node not in given:
            what = _match(patterns, re.sub(r"Backward\d*$", "", node.name()))
            if what:
                raise _forbidden(what, exercise)


def guarded(fn, keys: tuple[str, ...], exercise: str):
    """fn, made to run with the shortcuts forbidden."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        with forbidden(keys, exercise):
            out = fn(*args, **kwargs)
        check_graph(out, (args, kwargs), keys, exercise)
        return out

    return call


def guarded_class(cls: type, keys: tuple[str, ...], exercise: str) -> type:
    """A subclass of cls whose __init__ and forward run with the shortcuts forbidden (for layers)."""
    body = {"__module__": cls.__module__, "__qualname__": cls.__qualname__, "__doc__": cls.__doc__}
    # __call__ only where the class defines its own (d2l's RNNModelScratch): a Module's runs forward
    for name in ("__init__", "forward", *(["__call__"] if any("__call__" in vars(c) for c in cls.__mro__[:-1]
                                                              if c not in (torch.nn.Module,)) else [])):
        if callable(getattr(cls, name, None)):
            body[name] = guarded(getattr(cls, name), keys, exercise)
    return type(cls.__name__, (cls,), body)
