"""Make the torch shortcuts that a from-scratch exercise replaces fail while it runs.

A TorchFunctionMode sees every torch call however it was reached (an alias import,
nn.MSELoss calling F.mse_loss, x.softmax(1) arriving as torch.Tensor.softmax), so
matching on the function's name catches them all. Optimizers are caught on the class.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

import torch
from torch.overrides import TorchFunctionMode

from katas.checks import KataFailure

# catalogue key -> (what the learner called, torch function names that reach it, why)
SHORTCUTS: dict[str, tuple[str, frozenset[str]]] = {
    "mse_loss": ("F.mse_loss / nn.MSELoss", frozenset({"mse_loss"})),
    "softmax": (
        "torch.softmax / F.softmax / Tensor.softmax",
        frozenset({"softmax", "_softmax", "log_softmax", "_log_softmax", "special_softmax"}),
    ),
    "cross_entropy": (
        "F.cross_entropy / nn.CrossEntropyLoss / F.nll_loss",
        frozenset({"cross_entropy", "nll_loss", "nll_loss_nd", "nll_loss2d"}),
    ),
}
OPTIM = "optim"  # torch.optim: caught on Optimizer itself


class ForbiddenCall(KataFailure):
    pass


def _forbidden(what: str, exercise: str) -> ForbiddenCall:
    return ForbiddenCall(
        f"{exercise} called {what}, which this from-scratch exercise asks you to write "
        "yourself: use tensor arithmetic instead",
        f"{exercise} 调用了 {what}；这是从零实现的练习，请用张量运算自己写出来",
    )


class _Guard(TorchFunctionMode):
    def __init__(self, names: dict[str, str], exercise: str):
        super().__init__()
        self.names, self.exercise = names, exercise

    def __torch_function__(self, func, types, args=(), kwargs=None):
        what = self.names.get(getattr(func, "__name__", ""))
        if what:
            raise _forbidden(what, self.exercise)
        return func(*args, **(kwargs or {}))


@contextlib.contextmanager
def forbidden(keys: tuple[str, ...], exercise: str) -> Iterator[None]:
    """Within the block, the shortcuts named by catalogue keys raise ForbiddenCall."""
    names = {n: SHORTCUTS[k][0] for k in keys if k in SHORTCUTS for n in SHORTCUTS[k][1]}
    opt = torch.optim.Optimizer
    saved = opt.__init__
    if OPTIM in keys:

        def refuse(self, *args, **kwargs):
            raise _forbidden(f"torch.optim.{type(self).__name__}", exercise)

        opt.__init__ = refuse
    try:
        if names:
            with _Guard(names, exercise):
                yield
        else:
            yield
    finally:
        opt.__init__ = saved


def guarded(fn, keys: tuple[str, ...], exercise: str):
    """fn, made to run with the shortcuts forbidden."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        with forbidden(keys, exercise):
            return fn(*args, **kwargs)

    return call
