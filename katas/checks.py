"""Tensor-aware assertions whose messages a learner can act on, in English and 中文.

Comparisons are bound here, at import, before any learner module is loaded: learner code
that patches torch.allclose or torch.testing.assert_close cannot grade itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch

from katas.devices import describe

_is_tensor = torch.is_tensor
_abs = torch.abs
_as_tensor = torch.as_tensor
_float64 = torch.float64
_isfinite = torch.isfinite
_argmax = torch.argmax
_unravel = torch.unravel_index
_equal = torch.equal
_where = torch.where


class KataFailure(AssertionError):
    """A failed check, with the message in both languages."""

    def __init__(self, en: str, zh: str):
        super().__init__(f"{en}\n{zh}")
        self.en, self.zh = en, zh


def fail(en: str, zh: str) -> None:
    __tracebackhide__ = True
    raise KataFailure(en, zh)


def expect(condition: Any, en: str, zh: str) -> None:
    __tracebackhide__ = True
    if not condition:
        raise KataFailure(en, zh)


@dataclass(frozen=True)
class Mistake:
    """A classic mistake, recognised by its symptom on the learner's result."""

    when: Callable[[Any], bool]
    en: str
    zh: str

    def seen_in(self, actual: Any) -> bool:
        try:
            return bool(self.when(actual))
        except Exception:  # a symptom test must never turn into an error of its own
            return False


def shape(t: Any) -> tuple[int, ...]:
    return tuple(t.shape)


def fmt_shape(s: Sequence[int]) -> str:
    return "(" + ", ".join(map(str, s)) + ("," if len(s) == 1 else "") + ")"


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def close(actual: Any, expected: Any, atol: float = 1e-5, rtol: float = 1e-4) -> bool:
    """Same shape and values within atol + rtol*|expected|, compared in float64 on the CPU."""
    a = _as_tensor(actual).detach().to("cpu", _float64)
    e = _as_tensor(expected).detach().to("cpu", _float64)
    if a.shape != e.shape:
        return False
    if atol == math.inf:  # shape only: tests pass atol=inf to check a result's shape, dtype and device
        return True
    # A nan or inf where a finite number is expected fails ("within tolerance" is False for nan);
    # where inf or nan is expected, only the same inf or a nan matches.
    within = _abs(a - e) <= atol + rtol * _abs(e)
    ok = _where(_isfinite(e), within, (a == e) | (a.isnan() & e.isnan()))
    return bool(ok.all())


def _named(mistakes: Sequence[Mistake], actual: Any) -> Mistake | None:
    return next((m for m in mistakes if m.seen_in(actual)), None)


def expect_tensor(
    actual: Any,
    expected: Any,
    what: str,
    *,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    mistakes: Sequence[Mistake] = (),
    dtype: bool = True,
    device: bool = True,
    requires_grad: bool | None = None,
) -> None:
    """Compare the learner's tensor to the expected one: shape, dtype, device, grad, values.

    On the first difference, a classic mistake whose symptom matches is named; otherwise
    the difference itself is reported (largest error and where).
    """
    __tracebackhide__ = True

    def report(en: str, zh: str) -> None:
        __tracebackhide__ = True
        m = _named(mistakes, actual)
        if m:
            fail(f"{en}: {m.en}", f"{zh}：{m.zh}")
        fail(en, zh)

    if not _is_tensor(actual):
        report(
            f"{what} returned {type(actual).__name__}, expected a torch.Tensor",
            f"{what} 返回了 {type(actual).__name__}，应返回 torch.Tensor",
        )
    if not _is_tensor(expected):
        expected = _as_tensor(expected)
    if actual.shape != expected.shape:
        report(
            f"{what} returned shape {fmt_shape(actual.shape)}, expected {fmt_shape(expected.shape)}",
            f"{what} 返回的形状是 {fmt_shape(actual.shape)}，应为 {fmt_shape(expected.shape)}",
        )
    if dtype and actual.dtype != expected.dtype:
        report(
            f"{what} returned dtype {actual.dtype}, expected {expected.dtype}",
            f"{what} 返回的 dtype 是 {actual.dtype}，应为 {expected.dtype}",
        )
    if device and actual.device.type != expected.device.type:
        on, want = describe(actual.device), describe(expected.device)
        report(
            f"{what} returned a tensor on {on}, expected {want}: create new tensors on the inputs' device "
            "(torch.zeros(..., device=X.device), torch.zeros_like(X))",
            f"{what} 返回的张量在 {on} 上，应在 {want} 上：新张量要建在输入所在的设备上"
            "（torch.zeros(..., device=X.device)、torch.zeros_like(X)）",
        )
    if requires_grad is not None and actual.requires_grad != requires_grad:
        if requires_grad:
            report(
                f"{what} returned a tensor that autograd cannot differentiate (no grad_fn)",
                f"{what} 返回的张量无法求导（没有 grad_fn）",
            )
        report(
            f"{what} returned a tensor that still requires grad",
            f"{what} 返回的张量仍然 requires_grad",
        )
    if not close(actual, expected, atol, rtol):
        a = actual.detach().to("cpu", _float64)
        e = expected.detach().to("cpu", _float64)
        if not bool(_isfinite(a).all()) and bool(_isfinite(e).all()):
            report(
                f"{what} contains nan or inf where the expected values are finite",
                f"{what} 含有 nan 或 inf，而期望值都是有限数",
            )
        err = _abs(a - e)
        err = err.nan_to_num(nan=math.inf)
        flat = int(_argmax(err.reshape(-1))) if err.numel() else 0
        where = tuple(int(i) for i in _unravel(_as_tensor(flat), a.shape)) if a.dim() else ()
        at = f" at index {where}" if where else ""
        report(
            f"{what}: values differ{at}: got {_fmt(float(a.reshape(-1)[flat]))}, "
            f"expected {_fmt(float(e.reshape(-1)[flat]))} (largest error {_fmt(float(err.max()))})",
            f"{what} 的数值不对{('，位置 ' + str(where)) if where else ''}："
            f"得到 {_fmt(float(a.reshape(-1)[flat]))}，应为 {_fmt(float(e.reshape(-1)[flat]))}",
        )


def expect_number(
    actual: Any,
    expected: float,
    what: str,
    *,
    atol: float = 1e-6,
    rtol: float = 1e-5,
    mistakes: Sequence[Mistake] = (),
) -> None:
    """A Python number (or one-element tensor) close to expected."""
    __tracebackhide__ = True
    try:
        value = float(actual)
    except (TypeError, ValueError, RuntimeError):
        fail(
            f"{what} returned {type(actual).__name__}, expected a number",
            f"{what} 返回了 {type(actual).__name__}，应返回一个数",
        )
    if not abs(value - expected) <= atol + rtol * abs(expected):
        m = _named(mistakes, actual)
        en = f"{what} returned {_fmt(value)}, expected {_fmt(expected)}"
        zh = f"{what} 返回了 {_fmt(value)}，应为 {_fmt(expected)}"
        if m:
            fail(f"{en}: {m.en}", f"{zh}：{m.zh}")
        fail(en, zh)


def same_storage(a: Any, b: Any) -> bool:
    """True when two tensors are views of the same memory (what in-place updates keep)."""
    return _is_tensor(a) and _is_tensor(b) and a.data_ptr() == b.data_ptr()


def equal(a: Any, b: Any) -> bool:
    return _is_tensor(a) and _is_tensor(b) and a.shape == b.shape and _equal(a, b)
