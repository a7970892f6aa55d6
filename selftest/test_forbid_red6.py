"""Routes the sixth red team found (issue 20): torch's own Python implementations of ops (torch._refs,
torch._decomp, torch._prims), losses in disguise, std_mean, and an op sent on below the Python dispatch key.
Each is refused, by name; what torch's own code does with those folders and with redispatch still works."""

import pytest
import torch
import torch._decomp.decompositions as D
import torch._refs as R
import torch._refs.nn.functional
import torch.nn.functional as F

from katas.forbid import ForbiddenCall, guarded

X = torch.randn(4, 5)
LABELS = torch.tensor([0, 1, 2, 3])
P = X.softmax(1)
IMG = torch.randn(6, 7)
H, W_XH, W_HH, B = torch.randn(1, 4, 3), torch.randn(5, 3), torch.randn(3, 3), torch.zeros(3)
CPU = torch._C.DispatchKeySet(torch._C.DispatchKey.CPU)
SOFTMAX = torch.ops.aten._softmax.default


def _ctc_as_nll(y_hat, y):
    n, q = y_hat.shape
    logp = torch.cat([torch.log(y_hat), torch.full((n, 1), -1e4)], 1)
    return F.ctc_loss(logp.unsqueeze(0), y.reshape(n, 1), [1] * n, [1] * n, blank=q, reduction="none")


class _Redispatched(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return SOFTMAX.redispatch(CPU, x, 1, False)

    @staticmethod
    def backward(ctx, grad):
        return grad


def _pyobj_redispatch():
    _, redispatch = torch._C._dispatch_make_pyobj_dispatch_fns(SOFTMAX._handle, SOFTMAX._cpp_dispatch_handle,
                                                                SOFTMAX._handle.redispatch_boxed)
    return redispatch(CPU, X, 1, False)


def _through(func, args, kwargs):
    with torch._C.DisableTorchFunctionSubclass():
        return func(*args, **(kwargs or {}))


class _Handled(torch.Tensor):
    """A subclass whose __torch_function__ puts learner frames between torch._refs' code and its ops."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return _through(func, args, kwargs)


class _OwnMode(torch.overrides.TorchFunctionMode):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        return _through(func, args, kwargs)


def _refs_under_own_mode():
    with _OwnMode():
        return R.softmax(X, 1)


ROUTES_6 = {
    "torch._refs.softmax": ("softmax", lambda: R.softmax(X, 1), "torch._refs.softmax"),
    "torch._refs.log_softmax": ("softmax", lambda: R.log_softmax(X, 1), "torch._refs.log_softmax"),
    "torch._refs.softmax through a subclass's __torch_function__": (  # refused on the way in since red team 14
        "softmax", lambda: R.softmax(X.as_subclass(_Handled), 1), "_Handled.__torch_function__ is its own code"),
    "torch._refs.softmax under a function mode of its own": ("softmax", _refs_under_own_mode, "torch._refs.softmax"),
    "torch._decomp's _softmax": ("softmax", lambda: D._softmax(X, 1, False), "decompositions._softmax"),
    "torch._refs' nll_loss": ("cross_entropy", lambda: torch._refs.nn.functional.nll_loss(
        torch.log(P), LABELS, reduction="none"), "torch._refs.nn.functional.nll_loss"),
    "torch._decomp's nll_loss_forward": ("cross_entropy", lambda: D.nll_loss_forward(
        torch.log(P), LABELS, None, 0, -100), "decompositions.nll_loss_forward"),
    "F.ctc_loss as nll_loss": ("cross_entropy", lambda: _ctc_as_nll(P, LABELS), "F.ctc_loss"),
    "F.soft_margin_loss of the logit": ("cross_entropy", lambda: F.soft_margin_loss(
        torch.logit(P[range(4), LABELS]), torch.ones(4), reduction="none"), "F.soft_margin_loss"),
    "F.gaussian_nll_loss with variance 1": ("mse_loss", lambda: F.gaussian_nll_loss(
        X, X * 2, torch.ones_like(X), reduction="none"), "F.gaussian_nll_loss"),
    "torch._refs' mse_loss": ("mse_loss", lambda: torch._refs.nn.functional.mse_loss(X, X * 2),
                              "torch._refs.nn.functional.mse_loss"),
    "torch._decomp's mse_loss": ("mse_loss", lambda: D.mse_loss(X, X * 2), "decompositions.mse_loss"),
    "torch._decomp's im2col": ("conv2d", lambda: D.im2col(IMG[None, None], [2, 2], [1, 1], [0, 0], [1, 1]),
                               "decompositions.im2col"),
    "torch._decomp's max_pool2d_with_indices": ("pool2d", lambda: D.max_pool2d_with_indices(
        IMG[None, None], [2, 2], [1, 1], [0, 0], [1, 1], False), "decompositions.max_pool2d_with_indices"),
    "torch._decomp's rnn_tanh": ("rnn", lambda: D.rnn_tanh_input(
        torch.randn(2, 4, 5), H, [W_XH.T, W_HH.T, B, B], True, 1, 0.0, False, False, False),
        "decompositions.rnn_tanh_input"),
    "torch._decomp's gru": ("rnn", lambda: D.gru_impl(
        torch.randn(2, 4, 5), H, [torch.randn(9, 5), torch.randn(9, 3), torch.zeros(9), torch.zeros(9)], True, 1,
        0.0, False, False, False), "decompositions.gru_impl"),
    "aten.rnn_tanh's Python kernel through decompose()": ("rnn", lambda: torch.ops.aten.rnn_tanh.input.decompose(
        torch.randn(2, 4, 5), H, [W_XH.T, W_HH.T, B, B], True, 1, 0.0, False, False, False), "rnn_tanh_input"),
    "torch.std_mean": ("batch_norm", lambda: torch.std_mean(IMG, dim=0, correction=0, keepdim=True),
                       "torch.std_mean"),
    "OpOverload.redispatch below the Python key": ("softmax", lambda: SOFTMAX.redispatch(CPU, X, 1, False),
                                                   "Python dispatch key"),
    "redispatch in a custom autograd Function": ("softmax", lambda: _Redispatched.apply(X), "Python dispatch key"),
    "the handle's redispatch_boxed": ("softmax", lambda: SOFTMAX._handle.redispatch_boxed(CPU, X, 1, False),
                                      "Python dispatch key"),
    "a PyObject redispatcher": ("softmax", _pyobj_redispatch, "Python dispatch key"),
}


@pytest.mark.parametrize("route", ROUTES_6)
def test_every_route_of_the_sixth_red_team_is_refused(route):
    key, call, named = ROUTES_6[route]
    with pytest.raises(ForbiddenCall, match="my_exercise") as refused:
        guarded(call, (key,), "my_exercise")()
    assert named in refused.value.en and refused.value.zh, refused.value.en
    assert torch._C._len_torch_dispatch_stack() == 0 and torch._C._len_torch_function_stack() == 0


def test_torchs_private_code_and_redispatch_work_outside_a_guard():
    assert torch.allclose(R.softmax(X, 1), P)
    assert torch.allclose(SOFTMAX.redispatch(CPU, X, 1, False), P)


def test_what_torch_itself_does_with_them_is_allowed_under_a_guard():
    """torch.broadcast_shapes runs torch._refs' code (no op); a redispatch that keeps the Python key reaches the
    guard's mode, which names a forbidden op, and refuses an allowed one that came through no torch call (red team
    17: a composite op breaks into allowed ones below any torch call; torch's custom-op autograd redispatches inside
    one)."""
    keep = torch._C.DispatchKeySet(torch._C.DispatchKey.Python) | CPU
    every = ("softmax", "cross_entropy", "mse_loss", "conv2d", "pool2d", "batch_norm", "rnn")
    assert guarded(lambda: torch.broadcast_shapes((4, 1), (5,)), every, "ex")() == (4, 5)
    with pytest.raises(ForbiddenCall, match="ex called torch.softmax"):
        guarded(lambda: SOFTMAX.redispatch(keep, X, 1, False), ("softmax",), "ex")()
    with pytest.raises(ForbiddenCall, match="came through no torch function"):
        guarded(lambda: torch.ops.aten.add.Tensor.redispatch(keep, X, X), every, "ex")()
