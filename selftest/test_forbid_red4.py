"""Routes the fourth red team found (issue 20): private kernels, TorchScript, work deferred past the call's
return, processes that raise no audit event, torch's code relabelled. Each is refused, by name."""

import gc
import signal
import sys
import threading
import types

import pytest
import torch
import torch.nn.functional as F

from katas.forbid import ForbiddenCall, guarded

X = torch.randn(4, 3)
IMG = torch.randn(2, 3, 8, 8)
SAVED_SCRIPT_CALL = torch._C.ScriptFunction.__call__  # the guard's, as code imported later sees it


@torch.jit.script
def _scripted_rnn(x, h, w_ih, w_hh, b_ih, b_hh):
    return torch.rnn_tanh(x, h, [w_ih, w_hh, b_ih, b_hh], True, 1, 0.0, False, False, False)


@torch.jit.script
def _scripted_softmax(x):
    return torch.softmax(x, 1)


class _ScriptedLayer(torch.nn.Module):
    def forward(self, x):
        return torch.softmax(x, 1)


SCRIPTED_LAYER = torch.jit.script(_ScriptedLayer())


def _rnn_through_torchscript():
    w = torch.randn(5, 3)
    return _scripted_rnn(X[None], torch.zeros(1, 4, 5), w, torch.randn(5, 5), torch.zeros(5), torch.zeros(5))


def _dispatch_off_and_torchscript():
    from torch.utils._python_dispatch import _disable_current_modes

    with _disable_current_modes():
        return _scripted_softmax(X)


def _fused_adam():
    p, g, v, s = torch.zeros(3), torch.ones(3), torch.zeros(3), torch.zeros(3)
    torch._fused_adam_([p], [g], [v], [s], [], [torch.tensor(1.0)], lr=0.1, beta1=0.9, beta2=0.999,
                       weight_decay=0.0, eps=1e-6, amsgrad=False, maximize=False)


def _profile_after_return():
    """Red team 4, #3: a placeholder now, torch.softmax copied in when the guard's wrapper returns."""
    out, caller, old = X * 0, sys._getframe(2), sys.getprofile()

    def later(frame, event, arg):
        if event == "return" and frame is caller:
            sys.setprofile(old)
            out.copy_(torch.softmax(X, 1))

    sys.setprofile(later)
    return out


def _trace_in_a_thread():
    threading.settrace(lambda *a: None)


def _fork_exec():
    import _posixsubprocess

    _posixsubprocess.fork_exec()  # refused before its arguments are read


def _ctypes_fork():
    import ctypes

    ctypes.CDLL(None).getpid()  # fork() or syscall() would be called the same way


def _relabelled_clip_grad():
    """Red team 4, #5: torch's clip_grad_norm_ copied with another file name."""
    from torch.nn.utils import clip_grad

    names = dict(vars(clip_grad))
    for name in ("_get_total_norm", "_clip_grads_with_norm_", "clip_grad_norm_"):
        f = getattr(clip_grad, name).__wrapped__ if hasattr(getattr(clip_grad, name), "__wrapped__") else \
            getattr(clip_grad, name)
        names[name] = types.FunctionType(f.__code__.replace(co_filename="elsewhere.py"), names, name,
                                         f.__defaults__)
    p = torch.ones(3, requires_grad=True)
    p.grad = torch.full((3,), 10.0)
    with torch.no_grad():
        names["clip_grad_norm_"]([p], 1.0)


def _a_signal_handler():
    signal.signal(signal.SIGUSR1, lambda *a: None)


def _a_gc_callback():
    gc.callbacks.append(lambda *a: None)


ROUTES_4 = {
    "torch.rnn_tanh in a TorchScript function": ("rnn", _rnn_through_torchscript, "TorchScript"),
    "torch.softmax in TorchScript with dispatch off": ("softmax", _dispatch_off_and_torchscript, "TorchScript"),
    "a scripted layer": ("softmax", lambda: SCRIPTED_LAYER(X), "TorchScript"),
    "torch.compile's switch into compiled frames": (
        "softmax", lambda: torch._C._dynamo.eval_frame.set_eval_frame(lambda *a: None), "torch.compile"),
    "torch._fused_adam_": ("optim", _fused_adam, "torch._fused_adam_"),
    "torch._foreach_add_": ("optim", lambda: torch._foreach_add_([torch.zeros(3)], [torch.ones(3)]), "_foreach"),
    "aten._scaled_dot_product_flash_attention_for_cpu as softmax": (
        "softmax", lambda: torch.ops.aten._scaled_dot_product_flash_attention_for_cpu(
            X[None, None], torch.eye(3)[None, None], torch.eye(3)[None, None], scale=1.0), "attention kernel"),
    "F.scaled_dot_product_attention as softmax": (
        "softmax", lambda: F.scaled_dot_product_attention(X[None], torch.eye(3)[None], torch.eye(3)[None]),
        "softmax"),
    "aten._efficient_attention kernel for attention": (
        "attention", lambda: torch.ops.aten._scaled_dot_product_flash_attention_for_cpu(
            X[None, None], X[None, None], X[None, None]), "attention"),
    "F.rms_norm as batch norm": ("batch_norm", lambda: F.rms_norm(IMG.movedim(1, 0), (2, 8, 8)), "F.rms_norm"),
    "F.huber_loss as the squared loss": ("mse_loss", lambda: F.huber_loss(X, X * 2, delta=1e30), "F.huber_loss"),
    "F.smooth_l1_loss": ("mse_loss", lambda: F.smooth_l1_loss(X, X * 2, beta=1e-30), "F.smooth_l1_loss"),
    "F.binary_cross_entropy as -log p": (
        "cross_entropy", lambda: F.binary_cross_entropy(X.sigmoid(), torch.ones(4, 3)), "F.binary_cross_entropy"),
    "F.kl_div": ("cross_entropy", lambda: F.kl_div(X.log_softmax(1).detach(), X.softmax(1).detach()), "F.kl_div"),
    "sys.setprofile deferring torch.softmax past the return": ("softmax", _profile_after_return, "sys.setprofile"),
    "threading.settrace": ("softmax", _trace_in_a_thread, "threading.settrace"),
    "a signal handler": ("softmax", _a_signal_handler, "signal handler"),
    "a gc callback": ("softmax", _a_gc_callback, "gc.callbacks"),
    "_posixsubprocess.fork_exec": ("softmax", _fork_exec, "_posixsubprocess.fork_exec"),
    "a C function through ctypes": ("softmax", _ctypes_fork, "ctypes"),
    "clip_grad_norm_ relabelled to another file": ("clip_grad", _relabelled_clip_grad, "clip_grad_norm_"),
}


@pytest.mark.parametrize("route", ROUTES_4)
def test_every_route_of_the_fourth_red_team_is_refused(route):
    key, call, named = ROUTES_4[route]
    callbacks = list(gc.callbacks)
    try:
        with pytest.raises(ForbiddenCall, match="my_exercise") as refused:
            guarded(call, (key,), "my_exercise")()
    finally:
        sys.setprofile(None)
        threading.settrace(None)
        gc.callbacks[:] = callbacks
    assert named in str(refused.value), str(refused.value)
    assert torch._C._len_torch_dispatch_stack() == 0 and torch._C._len_torch_function_stack() == 0


def test_torchscript_and_hooks_work_outside_a_guard():
    assert torch.allclose(_scripted_softmax(X), torch.softmax(X, 1))
    assert torch.allclose(SCRIPTED_LAYER(X), torch.softmax(X, 1))
    assert torch._C.ScriptFunction.__call__ is SAVED_SCRIPT_CALL
    assert torch.allclose(guarded(lambda: X.exp() / X.exp().sum(1, keepdim=True), ("softmax",), "ex")(),
                          torch.softmax(X, 1))


def test_a_profile_function_set_before_the_call_is_refused():
    sys.setprofile(lambda *a: None)
    try:
        with pytest.raises(ForbiddenCall, match="profile function"):
            guarded(lambda: X * 2, ("softmax",), "ex")()
    finally:
        sys.setprofile(None)


def test_torchscripts_call_put_back_is_refused():
    torch._C.ScriptFunction.__call__ = lambda self, *a, **k: None
    try:
        with pytest.raises(ForbiddenCall, match="TorchScript"):
            guarded(lambda: X * 2, ("softmax",), "ex")()
    finally:
        torch._C.ScriptFunction.__call__ = SAVED_SCRIPT_CALL


def _a_timer():
    signal.setitimer(signal.ITIMER_REAL, 0)  # harmless here: refused all the same


def _a_signal_to_itself():
    import os

    os.kill(os.getpid(), 0)  # signal 0 delivers nothing: refused all the same


ROUTES_4B = {
    "signal.setitimer": (_a_timer, "signal.setitimer"),
    "os.kill to itself": (_a_signal_to_itself, "os.kill"),
    "_thread.interrupt_main": (lambda: __import__("_thread").interrupt_main(), "interrupt_main"),
}


@pytest.mark.parametrize("route", ROUTES_4B)
def test_a_signal_for_a_handler_set_at_import_is_refused(route):
    call, named = ROUTES_4B[route]
    with pytest.raises(ForbiddenCall, match=named):
        guarded(call, ("softmax",), "my_exercise")()
