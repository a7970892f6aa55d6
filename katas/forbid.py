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

import _thread
import contextlib
import functools
import re
import sys
import threading
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
                re.compile(r"softmax")),  # torch._masked_softmax, special_softmax, ... too
    "cross_entropy": ("F.cross_entropy / nn.CrossEntropyLoss / F.nll_loss",
                      re.compile(r"^(crossentropy(loss)?|nllloss(2d)?(forward|nd)?)$")),
    "conv2d": ("F.conv2d / nn.Conv2d / F.unfold", re.compile(r"conv(?!ert)|im2col")),
    "pool2d": ("F.max_pool2d / F.avg_pool2d / nn.MaxPool2d / nn.AvgPool2d / F.unfold", re.compile(r"pool|im2col")),
    "batch_norm": ("F.batch_norm / nn.BatchNorm / torch.batch_norm / torch.var_mean",
                   re.compile(r"batchnorm|varmean")),
    "rnn": ("nn.RNN / torch.rnn_tanh / torch.rnn_tanh_cell (a recurrent layer of torch's)",
            re.compile(r"^rnn(tanh|relu)|^(lstm|gru)(cell)?$|fused(lstm|gru)|^(cudnn|miopen|mkldnn)rnn")),
}
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


class _Active:
    """One from-scratch call being guarded: what it refuses, and what any of its threads was refused."""

    def __init__(self, keys: tuple[str, ...], exercise: str):
        self.exercise = exercise
        self.patterns = {SHORTCUTS[k][0]: SHORTCUTS[k][1] for k in keys if k in SHORTCUTS}
        self.optim = OPTIM in keys
        self.code = dict(CODE[k] for k in keys if k in CODE)
        self.places = (*self.code.values(), *([_OPTIM_DIR] if self.optim else []))
        self.refused: list[ForbiddenCall] = []
        self.names: dict[object, str | None] = {}  # func -> what it is, if forbidden: one regex per func

    def what(self, func) -> str | None:
        try:
            return self.names[func]
        except (KeyError, TypeError):
            what = _match(self.patterns, getattr(func, "__name__", "").split(".")[0])
            try:
                self.names[func] = what
            except TypeError:  # an unhashable callable
                pass
            return what

    def refuse(self, error: ForbiddenCall) -> ForbiddenCall:
        self.refused.append(error)  # raised again when the call returns: a thread's refusal counts too
        return error

    @contextlib.contextmanager
    def modes(self) -> Iterator[None]:
        """This thread runs under the guard (a fresh pair of modes: torch's mode stacks are per thread)."""
        dispatch = _Guard(self)
        function = _FunctionGuard(self, dispatch)
        _local.active = self
        function.__enter__()
        dispatch.__enter__()
        try:
            yield
        finally:
            _local.active = None
            # pop only our own modes: one popped by learner code must not take simgpu's with it
            ours = _top(torch._C._len_torch_dispatch_stack, torch._C._get_dispatch_stack_at) is dispatch
            if ours:
                dispatch.__exit__(None, None, None)
            if _top(torch._C._len_torch_function_stack, torch._C._get_function_stack_at) is function:
                function.__exit__(None, None, None)
            else:
                ours = False
            if not ours:
                raise self.refuse(ForbiddenCall(
                    f"{self.exercise} stepped out of the from-scratch guard (it popped torch's dispatch mode)",
                    f"{self.exercise} 跳出了从零实现的检查（弹出了 torch 的 dispatch mode）",
                ))


def _top(length, at):
    n = length()
    return at(n - 1) if n else None


_local = threading.local()  # .active: the _Active this thread runs under, if any


class _Guard(TorchDispatchMode):
    """Sees every aten op that reaches a kernel, whatever Python name or alias reached it."""

    def __init__(self, active: _Active):
        super().__init__()
        self.active, self.inside = active, 0

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        return False  # True would import torch._dynamo (2 s) on the first op, for nothing here

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        a = self.active
        what = a.what(func)
        if what is None and a.places and _from(a.places):
            what = next((w for w, place in a.code.items() if _from((place,))), "a torch.optim function")
        if what:
            raise a.refuse(_forbidden(what, a.exercise))
        self.inside += 1  # ops that a tensor subclass or simgpu runs for this one are theirs, not the learner's
        try:
            return func(*args, **(kwargs or {}))
        finally:
            self.inside -= 1


class _FunctionGuard(TorchFunctionMode):
    """Sees every Python-level torch call: composite ops (torch.rnn_tanh) that decompose before any
    dispatch mode, and calls made while the dispatch mode was switched off, which it notices."""

    def __init__(self, active: _Active, dispatch: _Guard):
        super().__init__()
        self.active, self.dispatch = active, dispatch

    def __torch_function__(self, func, types, args=(), kwargs=None):
        a = self.active
        what = a.what(func)
        if what:
            raise a.refuse(_forbidden(what, a.exercise))
        if not self.dispatch.inside and (_dispatch_off() or not torch._C._len_torch_dispatch_stack()):
            raise a.refuse(_switched_off(a.exercise))
        return func(*args, **(kwargs or {}))


def _dispatch_off() -> bool:
    return torch._C._dispatch_tls_is_dispatch_key_excluded(torch._C.DispatchKey.Python)


def _switched_off(exercise: str) -> ForbiddenCall:
    return ForbiddenCall(
        f"{exercise} switched off torch's dispatch (torch._C._DisableTorchDispatch, _disable_current_modes, "
        "an excluded dispatch key or a popped mode): a from-scratch exercise runs with torch as it is",
        f"{exercise} 关闭了 torch 的分发机制（_DisableTorchDispatch、_disable_current_modes、排除的 dispatch key "
        "或弹出的 mode）：从零实现的练习请正常使用 torch",
    )


def _escape_hatch(exercise: str):
    def refuse(*args, **kwargs):
        raise _switched_off(exercise)

    return refuse


def _threads_inherit(start):
    """threading's and _thread's start_new_thread, made to start a guarded thread's children guarded."""

    def start_new_thread(function, args, kwargs=None):
        active = getattr(_local, "active", None)
        if active is None:
            return start(function, args, kwargs or {})

        def run(*a, **k):
            with active.modes():
                return function(*a, **k)

        return start(run, args, kwargs or {})

    return start_new_thread


@contextlib.contextmanager
def forbidden(keys: tuple[str, ...], exercise: str) -> Iterator[None]:
    """Within the block, the shortcuts named by catalogue keys raise ForbiddenCall, in every thread
    the block starts; a refusal that learner code caught (or a thread swallowed) is raised at the end."""
    active = _Active(keys, exercise)
    if getattr(_local, "active", None) is not None or not (active.patterns or active.optim or active.code):
        yield  # a guarded layer's forward inside its guarded __call__: one guard is enough
        return
    opt = torch.optim.Optimizer
    saved = opt.__init__, torch._C._DisableTorchDispatch, threading._start_new_thread, _thread.start_new_thread

    def refuse(self, *args, **kwargs):
        raise active.refuse(_forbidden(f"torch.optim.{type(self).__name__}", exercise))

    if active.optim:
        opt.__init__ = refuse
    torch._C._DisableTorchDispatch = _escape_hatch(exercise)
    threading._start_new_thread = _threads_inherit(saved[2])
    _thread.start_new_thread = _threads_inherit(saved[3])
    try:
        try:
            with active.modes():
                yield
        except Exception:  # a refusal the learner's code caught explains whatever failed after it
            if active.refused:
                raise active.refused[0] from None
            raise
        if active.optim and opt.__init__ is not refuse:
            raise _forbidden("torch.optim (it put torch.optim.Optimizer.__init__ back)", exercise)
        if active.refused:
            raise active.refused[0]
    finally:
        opt.__init__, torch._C._DisableTorchDispatch, threading._start_new_thread, _thread.start_new_thread = saved


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
    """A subclass of cls whose __init__, forward and __call__ run with the shortcuts forbidden (for layers).

    __call__ covers the forward hooks a Module runs around forward. Each method is looked up on cls at
    call time, so one the learner's code sets on its class later runs guarded too; the subclass
    refuses to have its own guarded methods replaced.
    """
    def through(name):
        def method(self, *args, **kwargs):
            return getattr(super(graded, self), name)(*args, **kwargs)

        method.__name__ = method.__qualname__ = name
        return guarded(method, keys, exercise)

    body = {"__module__": cls.__module__, "__qualname__": cls.__qualname__, "__doc__": cls.__doc__}
    names = [n for n in ("__init__", "forward", "__call__") if n in dir(cls)]
    body.update((name, through(name)) for name in names)

    class Sealed(type(cls)):
        def __setattr__(self, name, value):
            if name in names:
                raise _forbidden(f"a replacement of {cls.__name__}.{name} on the graded class", exercise)
            super().__setattr__(name, value)

    graded = Sealed(cls.__name__, (cls,), body)
    return graded
