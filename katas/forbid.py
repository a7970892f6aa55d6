"""Make the torch shortcuts that a from-scratch exercise replaces fail while it runs.

The check sits at the dispatch level: a TorchDispatchMode sees every aten op that runs, however
it was reached (an alias import, nn.MSELoss calling F.mse_loss, x.softmax(1), torch.ops.aten
directly, code inside torch._C.DisableTorchFunction()), so a key names ops, not Python functions.
Two more routes are closed around it: torch.optim is refused on the Optimizer class and, for its
functional forms (torch.optim.sgd.sgd), on any op dispatched from torch/optim's own code (so are torch's
Python implementations of ops, torch._refs.softmax and torch._decomp's im2col, in every guarded call); and code
that steps out of the mode (torch._C._DisableTorchDispatch, popping it) still leaves the op's node
in the autograd graph of what it returns, which is read after the call.

Some hooks are installed once, when this module is imported (the test process imports it before any
learner code), and stay: thread starts carry a guard into the new thread, an audit hook refuses a new
process (os.fork, subprocess) under a guard, and a global optimizer step pre-hook refuses a step.
A reference to them that learner code saves at its import is already the hooked one.
"""

from __future__ import annotations

import _imp
import _signal
import _thread
import builtins
import collections
import contextlib
import ctypes
import functools
import gc
import importlib.machinery
import inspect
import os
import re
import signal
import sys
import sysconfig
import threading
import types
import warnings
import weakref
from collections.abc import Iterator
from itertools import compress, count, repeat
from operator import is_, itemgetter, ne
from pathlib import Path
from time import sleep as _sleep  # bound before learner code can patch time

import torch
from torch.optim.optimizer import register_optimizer_step_pre_hook
from torch.overrides import TorchFunctionMode
from torch.utils._device import DeviceContext
from torch.utils._python_dispatch import TorchDispatchMode, _get_current_dispatch_mode_stack

import katas
from katas import bytecode, catalog
from katas.checks import KataFailure
from katas.simdevice import _OWN, SimTensor, _ident, _run, _SimConstructors, _SimMode, insides

# The checks read nothing that learner code may rebind after this import: red team 80 set operator.is_ to a function
# that told the look below "unchanged". Python's own functions they call are bound here, as this module's names.
globals().update({name: getattr(builtins, name) for name in (
    "all", "any", "callable", "dict", "frozenset", "getattr", "hasattr", "id", "isinstance", "issubclass", "len",
    "list", "map", "next", "object", "set", "str", "tuple", "type", "zip")})

# catalogue key -> (what the learner called, a pattern over op names). An op name is matched with
# underscores dropped and in lower case, so one pattern fits the aten op (_log_softmax) and its
# autograd node (LogSoftmaxBackward0 -> logsoftmax).
_ATTENTION = r"scaleddotproduct|multiheadattention|(flash|efficient|cudnn)attention|tritonscaleddot"  # kernels
# a whole transformer layer in one kernel (torch._transformer_encoder_layer_fwd): its softmax and layer norms run
# inside, where no mode sees them (red team 7)
_TRANSFORMER = r"transformer"
SHORTCUTS: dict[str, tuple[str, re.Pattern]] = {
    "mse_loss": ("F.mse_loss / nn.MSELoss / F.huber_loss / F.smooth_l1_loss / F.gaussian_nll_loss"
                 " / F.multi_margin_loss / torch.var / torch.std / torch.cov / F.l1_loss / F.pairwise_distance"
                 " / torch.cdist / torch.dist / torch._euclidean_dist / F.layer_norm and the other normalisations",
                 # a huge delta makes huber the squared loss; gaussian_nll_loss with var 1 is the squared loss, and
                 # so is multi_margin_loss with p=2 and margin 0 over (0, a, -a), times 1.5, and the variance of
                 # the pair (y_hat, y) (red team 27), and its covariance's diagonal (red team 31); the distance of
                 # one-element vectors squared, or the L1 loss squared (red team 36), cdist's own kernel (red team 42),
                 # the variance of the pair inside a normalisation (layer_norm with a huge eps: red team 43)
                 re.compile(r"mseloss|huberloss|smoothl1loss|gaussiannllloss|multimarginloss|^(var|std)(mean)?$|^cov$"
                            r"|^l1loss$|pairwisedistance|[cp]dist|^dist$|euclideandist|tripletmarginloss"
                            r"|marginrankingloss|(layer|group|instance|rms|batch)norm")),
    "softmax": ("torch.softmax / F.softmax / Tensor.softmax / F.log_softmax"
                " (or an attention kernel, or a transformer one)",
                re.compile(r"softmax|" + _ATTENTION + "|" + _TRANSFORMER)),  # torch._masked_softmax, special_softmax
    "cross_entropy": ("F.cross_entropy / nn.CrossEntropyLoss / F.nll_loss / F.binary_cross_entropy / F.kl_div"
                      " / F.ctc_loss / F.soft_margin_loss / F.gaussian_nll_loss",
                      re.compile(r"^(crossentropy(loss)?|nllloss(2d)?(forward|nd)?|binarycrossentropy(withlogits)?"
                                 r"|poissonnllloss|gaussiannllloss|kldiv|(multilabel)?softmarginloss)$|ctcloss")),
    # BCE(p, 1) and soft_margin_loss(logit p, 1) are -log p; ctc_loss with one step and a blank column is nll_loss;
    # gaussian_nll_loss(0, 0, var=p ** -2) is -log p (red team 21)
    # F.embedding_bag over window indices sums (or maxes) the windows in one kernel (red team 27)
    # aten::unfold_backward, Tensor.unfold's gradient, is col2im along one axis (red team 151)
    "conv2d": ("F.conv2d / nn.Conv2d / F.unfold / F.fold / F.embedding_bag / torch.stft / aten::unfold_backward"
               " / torch.fft",  # (the correlation by the convolution theorem, rfft2 and irfft2: red team 155)
               # the short-time Fourier transform's bin 0, with the kernel's row as its window, is the correlation
               # (red team 36)
               re.compile(r"conv(?!ert)|im2col|col2im|embeddingbag|^i?stft$|^unfoldbackward|fft")),
    # a bilinear sample at the centre of each 2x2 window is its mean (red team 147)
    "pool2d": ("F.max_pool2d / F.avg_pool2d / nn.MaxPool2d / nn.AvgPool2d / F.unfold / F.embedding_bag / F.grid_sample"
               " / F.interpolate / torch.fft / torch.segment_reduce",  # (bilinear upsampling to 2n - 1 points,
               # every second one kept: red team 151; the mean by the convolution theorem, the max of each window's
               # segment: red team 155)
               re.compile(r"pool|im2col|embeddingbag|gridsample|upsample|fft|segmentreduce")),
    # torch.renorm and F.embedding's max_norm clip a norm in one kernel; clip_grad_norm_'s own kernels (red team 27)
    "clip_grad": ("torch.nn.utils.clip_grad_norm_ / torch.renorm / F.embedding's max_norm / torch._foreach_norm"
                  " / torch._weight_norm / F.normalize",  # (v * theta / |v| over every gradient as one row: red
                  # team 151; v / max(|v|, theta) * theta: red team 155)
                  re.compile(r"renorm|^foreach|weightnorm|normexceptdim|^normalize$")),
    # torch._weight_norm over the centred batch, with a row that adds eps, is X_hat (red team 147)
    "batch_norm": ("F.batch_norm / nn.BatchNorm / torch.batch_norm / torch.var_mean / torch.std_mean / F.layer_norm"
                   " / F.group_norm / F.rms_norm / torch._weight_norm / torch.renorm / F.normalize (or a transformer"
                   " kernel)",  # (F.normalize of the centred batch with a row of sqrt(n * eps): red team 155)
                   re.compile(r"batchnorm|varmean|stdmean|layernorm|groupnorm|instancenorm|rmsnorm|weightnorm"
                              r"|normexceptdim|renorm|^normalize$|" + _TRANSFORMER)),  # (renorm: red team 151)
    "rnn": ("nn.RNN / torch.rnn_tanh / torch.rnn_tanh_cell (a recurrent layer of torch's)",
            # quantized_lstm_cell_dynamic too (red team 11: the whole gating in torch's kernel)
            # (torch._thnn_differentiable_lstm_cell_backward computes every gate: red team 151)
            re.compile(r"^(quantized)?rnn(tanh|relu)|^(quantized)?(lstm|gru)|(fused|differentiable)(lstm|gru)"
                       r"|^(cudnn|miopen|mkldnn)rnn")),
    "attention": ("F.scaled_dot_product_attention / nn.MultiheadAttention / nn.Transformer* (torch's attention)",
                  re.compile(_ATTENTION + "|transformer")),
    # the kernels behind torch.optim (Adam(fused=True), foreach=True), called directly: torch._fused_adam_
    "optim": ("torch.optim's kernels (torch._fused_adam_, torch._fused_sgd_, torch._foreach_*)",
              re.compile(r"^fused(sgd|adam|adamw|adagrad)|^foreach")),
}
OPTIM = "optim"  # torch.optim: the Optimizer class, and any op run by torch/optim's code
_OPTIM_DIR = os.path.realpath(Path(torch.optim.__file__).parent)
# keys refused by where the op comes from: any op dispatched from this code (its own ops are plain ones), a file or
# only the function's own code (F.multi_head_attention_forward's: red team 25 ran its very code object under globals
# of its own, where no function mode saw the call, and its ops are the exercise's own)
CODE = {"clip_grad": ("torch.nn.utils.clip_grad_norm_",
                      os.path.realpath(Path(torch.nn.utils.__file__).parent / "clip_grad.py")),
        "attention": ("F.multi_head_attention_forward", None)}


def _code_objects(module, functions=None) -> frozenset:
    """The code objects of module's own functions (or of functions), nested ones too. Code objects compare and hash
    without their file name, so a copy of one relabelled (code.replace(co_filename=...)) is still found."""
    return frozenset().union(*(_nested(inspect.unwrap(f).__code__) for f in (functions or vars(module).values())
                               if inspect.isfunction(f) and f.__module__ == module.__name__))


def _nested(code: types.CodeType) -> frozenset[types.CodeType]:
    """code and the code objects made within it (its functions', classes', comprehensions')."""
    found, todo = set(), [code]
    while todo:
        code = todo.pop()
        found.add(code)
        todo.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return frozenset(found)


_CODE_OBJECTS = {"clip_grad": _code_objects(torch.nn.utils.clip_grad),
                 "attention": _code_objects(torch.nn.functional, [torch.nn.functional.multi_head_attention_forward])}
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


def _from(places: tuple[str, ...], entry, codes: frozenset = frozenset(), names: frozenset = frozenset()) -> bool:
    """Whether the op being dispatched was called from code under one of places (a folder or a file), or
    from one of codes (names: their co_names, a cheap look first: a code object's hash is not cached).

    The walk stops at entry, the frame that entered the guard: the frames below it (the test, pytest) ran
    before the guarded call, and walking them for every op was most of a guarded training loop's cost.
    A thread's stack never meets entry and is walked to its start.
    """
    f = _caller(2)
    while f is not None and f is not entry:
        code = f.f_code
        if _real_file(code.co_filename).startswith(places) or (
                type(code.co_name) is str and code.co_name in names and _plain_code(code) and code in codes):
            return True
        f = f.f_back
    return False


# torch's own Python implementations of ops (its references, decompositions, primitives, inductor's): plain
# functions a learner can call (torch._refs.softmax), whose ops are ordinary ones (exp, amax, sum)
_TORCH = Path(os.path.realpath(torch.__file__)).parent
# and torch's other Python code that computes what a from-scratch exercise asks for: flex attention's
# math_attention, distributions' SoftmaxTransform and log_prob (softmax, cross-entropy, the squared loss), the
# quantizable LSTM cell (red team 12), linear_cross_entropy's chunked softmax and cross-entropy (red team 21)
_PRIVATE = (*(f"{_TORCH / folder}{os.sep}" for folder in ("_refs", "_decomp", "_prims", "_inductor",
                                                          "_higher_order_ops", "distributions", "ao",
                                                          # red team 25: tensor parallel's log_softmax and nll_loss,
                                                          # FSDP's clip_grad_norm_; the tests' reference code
                                                          "distributed", os.path.join("testing", "_internal"),
                                                          "masked", "fx", "export", "_export", "onnx")),
            str(_TORCH / "nn" / "modules" / "linear_cross_entropy.py"),
            # red team 52: per-sample gradients' im2col (unfold3d), a convolution; fusion's batch norm in eval mode
            f"{_TORCH / 'nn' / 'utils' / '_expanded_weights'}{os.sep}", str(_TORCH / "nn" / "utils" / "fusion.py"))


_PLAIN_CONSTANTS = (str, bytes, int, float, complex, bool, type(None), type(Ellipsis))


def _remembered(cache: dict, code: types.CodeType, value):
    """value, kept in a cache of what the guard worked out of each code object (keyed by identity, the code held so
    no other takes its identity; never hashed: hashing a code object hashes its constants, see _plain_code). Full
    (learner code may make code objects without end), the cache is emptied, what it held let go of later with a mode
    of the guard's on the stack (_LET_GO): emptied in a handler, it freed a code object whose constant's __del__ ran
    torch.softmax and F.max_pool2d there, both modes off (red team 152)."""
    if len(cache) >= _CACHE_LIMIT:
        _LET_GO.append(cache.copy())
        cache.clear()
    cache[_ident(code)] = (code, value)
    return value


_CACHE_LIMIT = 65_536  # code objects a cache of _remembered's holds


def _plain_code(code: types.CodeType) -> bool:
    """Whether code's names and constants are Python's own kinds, as compile makes them: code.replace can give it a
    str subclass for a name, or any object for a constant, whose __hash__ or __eq__ is the learner's, which hashing
    the code object (a set's look-up) runs (red team 130's file name ran torch.softmax so)."""
    hit = _PLAIN_CODES.get(_ident(code))
    if hit is not None and hit[0] is code:
        return hit[1]
    todo, plain, read = [code], True, 0
    while todo and plain:
        c = todo.pop()
        plain = all(type(n) is str for n in (c.co_name, c.co_qualname, c.co_filename, *c.co_names, *c.co_varnames,
                                             *c.co_freevars, *c.co_cellvars))
        constants = list(c.co_consts)
        while constants and plain:  # tuples and frozensets read at every depth: red team 154 hid its key two deep
            k = constants.pop()
            read += 1
            if type(k) is types.CodeType:
                todo.append(k)
            elif type(k) is tuple or type(k) is frozenset:
                constants.extend(k)
            elif type(k) not in _PLAIN_CONSTANTS or read > 1_000_000:
                plain = False
    return _remembered(_PLAIN_CODES, code, plain)


_PLAIN_CODES: dict[int, tuple] = {}  # see _remembered


def _file_of(code: types.CodeType) -> str:
    """code's file name, if it is a str: code.replace(co_filename=...) may make it a str subclass whose __hash__ and
    __eq__ are the learner's, run wherever the guard hashed or compared it (red team 130)."""
    name = code.co_filename
    return name if type(name) is str else "<a name of its own kind>"


def _real_file(name: str) -> str:
    """A code object's file as the file system knows it: a module of torch's imported by another spelling of its
    path (torch/nn/../optim/adam.py, or a link to it) runs torch's code all the same (red team 21). A name of another
    kind than str is no file (a str subclass's __hash__ ran torch.softmax in the guard's handler when the cache hashed
    it: red team 130)."""
    return _real_path(name) if type(name) is str else "<a name of its own kind>"


@functools.lru_cache(maxsize=4096)
def _real_path(name: str) -> str:
    return name if name.startswith("<") else os.path.realpath(name)


def _caller(depth: int):
    """The frame depth levels above the caller, or None: on a thread of torch's own, an op that C++ dispatched has
    no Python frame beneath (sys._getframe raised, and autograd lost the error: "returned NULL")."""
    try:
        return sys._getframe(depth + 1)
    except ValueError:
        return None


def _scan(f, stop, a: _Active, trust: bool) -> tuple:
    """One walk from frame f up to stop (a frame) or a.entry, for the questions a guard asks of every op: was it called
    from code under a.places or one of a.all_codes (as _from answers), and what are the outermost functions of torch's
    private Python code (_PRIVATE) it runs in (found; named: the outermost that is no decorator's wrapper, named as
    the learner called it); with trust, whether a frame of code outside torch, katas and the tests was met first.
    Returns (the frame it stopped at, untrusted, placed, found, named).

    The walk ends at entry, as _from's does, and never stops earlier: a frame of learner code between the
    private function and the op (a tensor subclass's __torch_function__, a mode of its own) hides nothing.
    """
    placed, untrusted, found, named = False, False, None, None
    places, names = a.places, a.code_names
    while f is not None and f is not stop and f is not a.entry:
        code = f.f_code
        filename, private, unwrapped = _facts(code)
        if trust and not untrusted and not (_trusted_code(code) and _own_globals(f.f_globals)):
            untrusted = True
        if (places or names) and not placed:  # (neither: no code of them to look for)
            placed = filename.startswith(places) or (
                type(code.co_name) is str and code.co_name in names and _plain_code(code) and code in a.all_codes)
        if private:
            found = f
            if unwrapped:  # a decorator's wrapper is named by what it wraps
                named = f
        f = f.f_back
    return f, untrusted, placed, found, named


def _facts(code: types.CodeType) -> tuple:
    """(its real file, whether that is torch's private code, whether it is no function's inner function), read once per
    code object: every op's walk reads each of its frames."""
    hit = _FACTS.get(_ident(code))
    if hit is not None and hit[0] is code:
        return hit[1]
    filename = _real_file(code.co_filename)
    unwrapped = "<locals>" not in str.__str__(code.co_qualname)
    return _remembered(_FACTS, code, (filename, filename.startswith(_PRIVATE), unwrapped))


_FACTS: dict[int, tuple] = {}  # see _remembered


def _private_name(found, named) -> str | None:
    """The function of torch's private code an op runs in, as _scan found it (torch._refs.softmax), or None."""
    found = named or found
    return found and f"{_module_name(found.f_code)}.{str.__str__(found.f_code.co_qualname)}"


def _module_name(code: types.CodeType) -> str:
    """The module of torch's that code's file is (torch._refs), from its real path: never from its frame's globals,
    which may be any dict, a key of which hashed as "__name__" and ran its own __eq__ in the look-up (red team 139)."""
    relative = os.path.relpath(_real_file(code.co_filename), _TORCH.parent)
    return relative.removesuffix(".py").removesuffix(f"{os.sep}__init__").replace(os.sep, ".")


def _entry() -> object:
    """The frame whose `with forbidden(...)` is being entered (the caller of contextlib's __enter__)."""
    f = sys._getframe(2)
    while f is not None and _file_of(f.f_code) == contextlib.__file__:
        f = f.f_back
    return f


def _guards(keys: tuple[str, ...]) -> bool:
    """Whether keys forbid anything (a catalogue's forbid line may name only keys of no rule)."""
    return any(k in SHORTCUTS or k in CODE or k == OPTIM for k in keys)


_NAMES: dict[tuple[str, ...], dict[str, str | None]] = {}  # _Active.names, one per set of patterns


_OpOverload = torch._ops.OpOverload
# what torch hands a handler as the function called: its own kinds, whose __name__ is read as they store it. Any other
# (an object of the code's own given to torch.overrides.handle_torch_function: red team 152) is named by its class,
# and called with the function check on the stack again (see _FunctionGuard._watched)
_NAMED = (types.BuiltinFunctionType, types.MethodWrapperType, types.FunctionType, types.MethodDescriptorType,
          types.WrapperDescriptorType, types.ClassMethodDescriptorType, _OpOverload, torch._ops.OpOverloadPacket,
          torch._ops.TorchBindOpOverload)


def _called_name(func) -> str:
    """func's __name__ as a plain str, read without running code of the code's own: a function's __name__ may be a str
    subclass whose __hash__ and __eq__ are its own (red team 152 hashed one in the name look-up, a C callable that ran
    torch.lstm_cell there), and an object of another kind is named by its class."""
    if type(func) not in _NAMED:
        return _name(type(func))
    name = getattr(func, "__name__", "")
    return name if type(name) is str else str.__str__(name) if issubclass(type(name), str) else _name(type(name))


_GENUINE: dict[int, object] = {}  # torch's ops whose name was checked against torch's own registries


def _genuine(func, name: str) -> bool:
    """Whether op func is the one torch.ops and the dispatcher name as func.__name__ says, the name the checks read
    (red team 19 renamed aten._softmax.default "plain" and called it)."""
    try:
        op, overload = str(name).rsplit(".", 1)
        torch._C._dispatch_find_schema_or_throw(f"{func.namespace}::{op}", "" if overload == "default" else overload)
        return getattr(getattr(getattr(torch.ops, func.namespace), op), overload) is func
    except (AttributeError, RuntimeError, ValueError, TypeError):
        return False


class _Active:
    """One from-scratch call being guarded: what it refuses, and what any of its threads was refused."""

    def __init__(self, keys: tuple[str, ...], exercise: str):
        self.exercise = exercise
        self.patterns = {SHORTCUTS[k][0]: SHORTCUTS[k][1] for k in keys if k in SHORTCUTS}
        self.optim = OPTIM in keys
        self.code = dict(CODE[k] for k in keys if k in CODE)
        self.places = (*(p for p in self.code.values() if p), *([_OPTIM_DIR] if self.optim else []))
        self.codes = {CODE[k][0]: _CODE_OBJECTS[k] for k in keys if k in CODE}
        self.all_codes = frozenset().union(*self.codes.values())
        self.code_names = frozenset(c.co_name for c in self.all_codes)
        self.refused: list[ForbiddenCall] = []
        self.hooks: list = []  # the handles of autograd hooks registered under it (see _hooks_left)
        self.entry = None  # the frame that entered the guard (see _from)
        # op or function name -> what it is, if forbidden: one regex per name and set of keys, for every call
        # guarded with them. Keyed by name, not by func: a property's getter (Tensor.grad.__get__) is a new
        # object at every call.
        self.names: dict[str, str | None] = _NAMES.setdefault(tuple(self.patterns), {})

    def what(self, func) -> str | None:
        name = _called_name(func)
        if type(func) is _OpOverload and _ident(func) not in _GENUINE:
            if not _genuine(func, name):
                return f"torch's op {_flat(repr(func))[:60]} under another name ({name[:40]})"
            _GENUINE[_ident(func)] = func  # (kept: an identity is not reused while its object lives)
        try:
            return self.names[name]
        except KeyError:
            what = self.names[name] = _match(self.patterns, name.split(".")[0])
            return what

    def refuse(self, error: ForbiddenCall) -> ForbiddenCall:
        self.refused.append(error)  # raised again when the call returns: a thread's refusal counts too
        return error

    @contextlib.contextmanager
    def modes(self) -> Iterator[None]:
        """This thread runs under the guard (a fresh pair of modes: torch's mode stacks are per thread)."""
        _local.active = self
        try:
            with self.pair():
                yield
        finally:
            _local.active = None

    @contextlib.contextmanager
    def pair(self) -> Iterator[None]:
        """A fresh pair of this guard's modes on this thread's stacks for the block."""
        dispatch = _Guard(self)
        function = _FunctionGuard(self, dispatch)
        _own_change(_MODE_FLAGS, lambda: (function.__enter__(), dispatch.__enter__()))
        dispatch.expected += 1
        try:
            yield
        finally:
            dispatch.last = None  # (a frame held: what it holds is freed here too)
            dispatch.grave.clear()  # (with the modes on: what a finalizer runs is seen)
            _LET_GO.clear()
            put_back = dispatch.pushes != dispatch.expected  # (said once the modes are off)
            # pop only our own modes: one popped by learner code must not take simgpu's with it
            dispatch_on = _top(torch._C._len_torch_dispatch_stack, torch._C._get_dispatch_stack_at) is dispatch
            function_on = _top(torch._C._len_torch_function_stack, torch._C._get_function_stack_at) is function
            _own_change(_MODE_FLAGS, lambda: (dispatch_on and dispatch.__exit__(None, None, None),
                                              function_on and function.__exit__(None, None, None)))
            if put_back:
                raise self.refuse(_switched_off(self.exercise))
            if not (dispatch_on and function_on):
                raise self.refuse(ForbiddenCall(
                    f"{self.exercise} stepped out of the from-scratch guard (it popped torch's dispatch mode)",
                    f"{self.exercise} 跳出了从零实现的检查（弹出了 torch 的 dispatch mode）",
                ))


def _top(length, at):
    n = length()
    return at(n - 1) if n else None


_local = threading.local()  # .active: the _Active this thread runs under, if any
_guarding: list[_Active] = []  # the guarded call running now in this process, whichever thread it runs on


def _guard_now() -> _Active | None:
    """The guard this thread runs under: its own, else the process's guarded call's (a thread torch started, as
    autograd's engine does for a backward nested over 60 deep, runs its work: red team 15 ran torch.softmax's
    kernel and torch.rnn_tanh_cell there)."""
    return getattr(_local, "active", None) or (_guarding[-1] if _guarding else None)


def _learner_frames() -> bool:
    """Whether learner code is on this thread's stack (any frame outside torch, katas and the tests)."""
    f = sys._getframe(1)
    while f is not None:
        if not _trusted_frame(f):
            return True
        f = f.f_back
    return False


def _unfollowed(a: _Active) -> ForbiddenCall:
    return a.refuse(ForbiddenCall(
        f"{a.exercise} ran torch calls of its own on one of torch's threads (autograd's, for a backward nested "
        "over 60 deep or on a GPU: a custom autograd Function's backward, a tensor hook), where the from-scratch "
        "guard does not follow: compute in the call itself",
        f"{a.exercise} 在 torch 自己的线程上（autograd 的线程：嵌套超过 60 层的反向传播，或 GPU 上的反向传播，"
        "例如自定义 autograd Function 的 backward、张量的 hook）运行了自己的 torch 调用，从零实现的检查跟不到那里："
        "请在调用本身之中计算",
    ))


class _Guard(TorchDispatchMode):
    """Sees every aten op that reaches a kernel, whatever Python name or alias reached it."""

    def __init__(self, active: _Active):
        super().__init__()
        self.active, self.inside = active, 0
        self.called = 0  # torch calls the function mode let through, running now: an op outside any was not seen
        self.frames: list = []  # their handlers' frames, innermost last (see _origin)
        self.uppers: list = []  # what _scan found from each of them up to entry, once asked
        self.last = None  # (a handler's caller, what _scan found from it up to entry), see _above
        self.kernel = _InKernel(active)  # on the function stack while an op's kernel runs
        self.grave: list = []  # what in-place ops' kernels let go of, freed once a mode is on the stack again
        self.pushes = self.expected = 0  # (see _mode_key)

    @property
    def _mode_key(self):
        """Read by torch as this mode goes on the stack, and only then: pushes it was not given (pair, _printed) were
        code's that took it off and put it back, both of the guard's modes popped for a torch call of its own in
        between (red team 148 ran torch.softmax, F.max_pool2d, clip_grad_norm_ and Adam so)."""
        self.pushes += 1
        raise AttributeError("_mode_key")  # (none: no infrastructure mode's)

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        return False  # True would import torch._dynamo (2 s) on the first op, for nothing here

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        a = self.active
        if self.pushes != self.expected:
            raise a.refuse(_switched_off(a.exercise))
        _looked(a, self._check, func, types, args, kwargs)
        self.inside += 1  # ops that a tensor subclass or simgpu runs for this one are theirs, not the learner's
        warned = _quiet_warnings()
        mutable = _MUTABLE.get(func)
        if mutable or mutable is None and _mutable(func):  # what its kernel may let go of, kept until a mode is on
            self.grave.append(_held(args, kwargs))
        try:
            beneath = _top(_dispatch_depth, _dispatch_mode_at)
            if type(beneath) is _SimMode or beneath is None and any(issubclass(t, SimTensor) for t in types):
                return self._simulated(func, args, kwargs or {}, beneath)
            return self._kernel(func, args, kwargs or {})
        finally:
            _warnings_back(warned)
            self.inside -= 1

    def _simulated(self, func, args, kwargs, mode):
        """The simulated GPU's run of the op, as its mode (or tensor class) would do it, with only the kernel on the
        CPU data under the watch of _kernel: its own Python code makes torch calls, none inside a kernel."""
        if mode is None:
            return _run(func, args, kwargs, self._kernel)
        _pop_dispatch_mode(None)  # (as torch pops a mode for its handler)
        try:
            return _run(func, args, kwargs, self._kernel)
        finally:
            _push_dispatch_mode(mode)

    def _kernel(self, func, args, kwargs):
        """func(*args, **kwargs) with _InKernel on the function stack: torch calls made inside its kernel (a
        finalizer's) are refused. The op itself passes by it (one hop skipped)."""
        if type(func) is _OpOverload and func._pyobj_dispatcher is None:
            func = func._op  # (no frame of torch._ops' between: a warning the kernel raises is this module's, below)
        _push_function_mode(self.kernel)
        try:
            return _skip_one_hop(func, (), args, kwargs)
        finally:
            _pop_own(self.kernel, self.active)

    def _origin(self, a: _Active) -> tuple[bool, bool, str | None]:
        """For the op being checked: whether code outside torch, katas and the tests runs between it and the innermost
        function handler running a call (torch called that code back in the middle of the call, with the function
        check off the stack: red team 31 ran torch.rnn_tanh, which breaks into allowed ops before any name is seen,
        in an apply_ callback), and what _scan says of its frames up to entry. The frames from the handler's up to
        entry stay the same while it runs: they are walked once per call, not once per op (a backward's dozens)."""
        handler = self.frames[-1] if self.frames else None
        f, called_back, placed, found, named = _scan(_caller(3), handler, a, handler is not None)  # (above the
        # dispatch handler's frame, which is this module's)
        if handler is not None and f is handler:
            upper = self.uppers[-1]
            if upper is None:
                upper = self.uppers[-1] = self._above(handler.f_back, a)
            placed, found, named = placed or upper[0], upper[1] or found, upper[2] or named
        return called_back, placed, _private_name(found, named)

    def _above(self, caller, a: _Active) -> tuple:
        """What _scan says of the frames from caller, a function handler's caller, up to entry. A frame of plain
        function code keeps them while it runs (a generator's is resumed from anywhere): read once for its calls, a
        loop's many. It is held (no other frame takes its identity) until a call comes from another, and let go of
        through the grave, where what it held is freed with a mode of the guard's on the stack."""
        last = self.last
        if last is not None and last[0] is caller:
            return last[1]
        upper = _scan(caller, None, a, False)[2:]
        if caller is not None and not caller.f_code.co_flags & _RESUMABLE:
            if last is not None:
                self.grave.append(last)
            self.last = (caller, upper)
        return upper

    def _check(self, func, types, args, kwargs) -> None:
        a = self.active
        if getattr(_local, "active", None) is None and _learner_frames():  # torch's thread: no function mode there
            raise _unfollowed(a)
        called_back, placed, private = self._origin(a)
        if called_back:
            raise _hidden(a, "torch calls in code of its own that torch ran in the middle of one of its calls (a "
                             "function given to apply_ or map_, a tensor hook or custom backward run by a backward, "
                             "a __deepcopy__), while the function check is off the stack")
        if _own_kernels and (getattr(func, "namespace", None) in _own_kernels or "*" in _own_kernels):
            raise _own_kernel(None if "*" in _own_kernels else func, a)
        what = a.what(func)
        if what is None and types:
            _refuse_foreign_subclass(types, a)
            if any(issubclass(t, SimTensor) for t in types):
                _refuse_foreign_inside(insides(args, kwargs), a)
        if what is None:
            if placed:
                what = next((w for w, place in a.code.items()
                             if _from((place,) if place else (), a.entry, a.codes[w], a.code_names)),
                            "a torch.optim function")
            elif private:
                what = f"{private} (torch's own Python code for an op)"
        if what:
            raise a.refuse(_forbidden(what, a.exercise))
        if _ALL_FUNCTIONS_OFF():  # no torch code turns it off in eager use: code of its own did, inside a call, where
            raise a.refuse(_unseen_call(a.exercise))  # composite ops break into allowed ones unnamed (red team 149)
        if not self.called and not self.inside and getattr(_local, "active", None) is a:
            own = _own_function_running()  # (an op refused by name above is named)
            raise a.refuse(_own_function(a.exercise, own) if own else _unseen_call(a.exercise))


class _InKernel(TorchFunctionMode):
    """On the function stack while the dispatch check runs an op's kernel, where both of the guard's modes are off
    it: code of the learner's that runs there (a finalizer of an object the kernel lets go of, red team 133: a __del__
    of an object held by a storage's attributes, freed by Tensor.__setstate__'s set_, ran torch.softmax, F.max_pool2d,
    torch.lstm_cell and torch's Adam) makes its torch calls here, and is refused. A kernel of torch's own written in
    Python (F.linear_cross_entropy's) runs its calls under a fresh pair of the guard's modes, checked as any code's."""

    def __init__(self, active: _Active):
        super().__init__()
        self.active = active

    def __torch_function__(self, func, types, args=(), kwargs=None):
        caller = sys._getframe(1)  # (a finalizer that is a C callable has none of its own: the frame it interrupted)
        if caller.f_code is not _OP_CALL and _torch_frame(caller):
            with self.active.pair():
                return func(*args, **(kwargs or {}))
        raise self.active.refuse(_in_kernel(self.active.exercise, "made torch calls"))


def _in_kernel(exercise: str, what: str) -> ForbiddenCall:
    return ForbiddenCall(
        f"{exercise} ran code of its own inside a torch op the from-scratch check let through, which {what} "
        "(a finalizer: a __del__, a weakref callback, of an object the op let go of): write plain Python with "
        "tensor operations, and no finalizers",
        f"{exercise} 在从零实现检查放行的 torch 算子内部运行了自己的代码（终结器：对象被算子释放时运行的 "
        f"__del__、weakref 回调），它{'调用了 torch' if what == 'made torch calls' else '把检查的 mode 移出了栈'}："
        "请用普通的 Python 和张量运算，不要用终结器",
    )


def _pop_own(mode, active: _Active) -> None:
    """mode, pushed on the function stack for a block, off it again; code that took it off in the block is refused."""
    if _top(_function_depth, _function_mode_at) is not mode:
        raise active.refuse(_in_kernel(active.exercise, "took the check's mode off the stack"))
    _pop_function_mode()


def _mutable(func) -> bool:
    """Whether an op writes to an argument (set_, detach_, an in-place op), read from its schema once."""
    try:
        _MUTABLE[func] = bool(func._schema.is_mutable)
    except AttributeError:  # no OpOverload (a handler may be given other callables): hold its arguments anyway
        return True
    return _MUTABLE[func]


def _held(args, kwargs) -> list:
    """What an in-place op's kernel may let go of in its tensor arguments (tensors, and lists of them, as aten passes
    them): their storages (set_ and set_data swap them) and autograd nodes (detach_ drops them), with what the learner
    hung on them."""
    tensors = (t for a in (*args, *kwargs.values()) for t in (a if type(a) is list or type(a) is tuple else (a,)))
    return _read_each(tensors, (_GRAD_FN, _STORAGE))


def _replaced(args) -> list:
    """What a tensor attribute's setter (x.grad = None, red team 148) may let go of: the tensors' gradients, hooks,
    autograd nodes and storages."""
    return _read_each(args, (_GRAD, _HOOKS_OF, _GRAD_FN, _STORAGE))


def _read_each(values, reads) -> list:
    """What each read gives of each tensor among values (of a simulated GPU's, of the CPU tensor it holds, which the
    kernel runs on)."""
    kept = []
    with _FUNCTIONS_OFF():  # the guard's own reads: no mode's handler (a backward's has the function check on the
        for t in values:  # stack again, which would check each read as a call of the learner's) and no subclass's
            if issubclass(type(t), SimTensor):
                t = _OWN(t)["elem"]
            if issubclass(type(t), torch.Tensor):
                for read in reads:
                    try:
                        kept.append(read(t))
                    except (RuntimeError, NotImplementedError):  # a view made under no_grad and changed since (its
                        pass  # node is refused), a sparse or nested tensor (no storage of its own)
    return kept


_FUNCTIONS_OFF = torch._C.DisableTorchFunction
_RESUMABLE = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR | inspect.CO_ITERABLE_COROUTINE
_SETTER = re.compile(r"__(set|delete)__$|^__setstate__$")
_GRAD, _HOOKS_OF = torch.Tensor.grad.__get__, torch._C.TensorBase._backward_hooks.__get__
_MUTABLE: dict = {}
_GRAD_FN, _STORAGE = torch.Tensor.grad_fn.__get__, torch.Tensor.untyped_storage
_push_function_mode, _pop_function_mode = torch._C._push_on_torch_function_stack, torch._C._pop_torch_function_stack
_function_depth, _function_mode_at = torch._C._len_torch_function_stack, torch._C._get_function_stack_at
_skip_one_hop = torch._C._skip_one_hop_torch_function
_OP_CALL = torch._ops.OpOverload.__call__.__code__  # (what the guard's _kernel calls the op through)
_dispatch_mode_at, _pop_dispatch_mode = torch._C._get_dispatch_stack_at, torch._C._pop_torch_dispatch_stack
_push_dispatch_mode = torch._C._push_on_torch_dispatch_stack


def _quiet_warnings() -> tuple:
    """Python's warnings machinery ignoring every warning, as it was before learner code (its own filters and display
    function); returns what it was, to put back. A torch call shows its warnings as it returns, inside a handler of the
    guard's with that mode off the stack, and the machinery calls what warnings.filters and _showwarnmsg hold: red team
    142 put there a C callable (a defaultdict's __getitem__ over a functools.partial of torch.rnn_tanh), no frame of
    learner code to mark it, and ran nn.RNN's whole layer, an LSTM cell and a disguised cross-entropy unseen."""
    was = warnings.filters, warnings._showwarnmsg, _SYS_MODULES.get("warnings", _MISSING), warnings.warn, \
        warnings.warn_explicit
    warnings.filters, warnings._showwarnmsg = [_IGNORE_ALL], _SHOW_WARNING
    warnings.warn = warnings.warn_explicit = _unwarned  # torch's Python code warns through these: one warning reads
    # (and may clear) the registry of the module it names first, whatever the filters say, and any module's may be
    # the learner's (red team 150: torch.nn.functional's, through F.softmin's warning, ran a finalizer there)
    registry = _OUR_GLOBALS.get("__warningregistry__")
    if registry is not None:  # a warning raised in a kernel this module runs is this module's: Python reads (and may
        _LET_GO.append(registry)  # clear, freeing what it holds) its registry first, whatever the filters say;
        _OUR_GLOBALS["__warningregistry__"] = None  # red team 149 hung a finalizer there, run inside the kernel.
        # None: no registry is read. Any one put there is let go of later, with the check on the stack (_bury)
    _SYS_MODULES["warnings"] = warnings  # the module Python's C code reads them from, by name, at every warning: red
    return was  # team 146 put one of its own there for one allowed call, and ran torch.rnn_tanh in its display function


def _unwarned(*args, **kwargs) -> None:
    """warnings.warn and warn_explicit while a handler runs a call: every warning is ignored there anyway."""


def _warnings_back(was: tuple) -> None:
    warnings.filters, warnings._showwarnmsg, module, warnings.warn, warnings.warn_explicit = was
    if module is _MISSING:
        _SYS_MODULES.pop("warnings", None)
    else:
        _SYS_MODULES["warnings"] = module


# what the guard let go of while a handler ran (a warning registry, a full cache's code objects), freed once a mode
# of the guard's is on the stack again (_bury, the pair's end), where a finalizer's torch calls are seen
_OUR_GLOBALS, _LET_GO = globals(), []
_OUR_GLOBALS["__warningregistry__"] = None  # (see _quiet_warnings)
_IGNORE_ALL, _SHOW_WARNING = ("ignore", None, Warning, None, 0), warnings._showwarnmsg  # (bound at import)


def _looked(a: _Active, check, *args) -> None:
    """check(*args), a handler's look at what the code handed torch, made with its mode off the stack: code of the
    code's own that ran there and raised to leave before any refusal (red team 139: a key's __eq__, a ctx's
    __getattr__; red team 154: a hash of C callables in a code object's constant, its TypeError caught) is refused
    all the same."""
    try:
        check(*args)
    except BaseException as e:
        if not any(r is e for r in a.refused):
            a.refuse(_ran_in_check(a.exercise))
        raise


def _ran_in_check(exercise: str) -> ForbiddenCall:
    return ForbiddenCall(
        f"{exercise} ran code of its own inside the from-scratch check of a torch op (an object it handed torch, read "
        "there, ran it and raised): write plain Python with tensor operations",
        f"{exercise} 在从零实现对某个 torch 运算的检查之中运行了自己的代码"
        "（它交给 torch 的对象在检查读取时运行并抛出异常）：请用普通的 Python 和张量运算",
    )


def _refuse_foreign_subclass(types, a: _Active) -> None:
    """A tensor subclass's own __torch_dispatch__ runs with the modes popped: what it computes is unseen. The op's
    types are those with a handler of their own, and at times Tensor: only the simulated GPU's tensor and Tensor, by
    identity, and a class whose namespaces hold torch's disabled handler are let through. No attribute of theirs runs
    code here, where the modes are popped (red team 124: a subclass of SimTensor, which the
    function check alone refused, reached here as a forward-mode tangent, and its property, or its metaclass's
    __getattribute__ when the handler was read, ran torch.softmax)."""
    for t in types:
        if t is not SimTensor and t is not torch.Tensor and not (  # (a plain tensor is among them at times)
                _plain_meta(t) and _static(t, "__torch_dispatch__") is _NO_DISPATCH):
            raise a.refuse(ForbiddenCall(
                f"{a.exercise} ran an op on a tensor subclass with its own __torch_dispatch__ ({_name(t)}), "
                "whose ops a from-scratch exercise cannot check: use plain tensors",
                f"{a.exercise} 对自带 __torch_dispatch__ 的张量子类（{_name(t)}）做了运算，"
                "从零实现的检查看不到它内部的运算：请使用普通张量",
            ))


def _refuse_foreign_inside(classes, a: _Active) -> None:
    """A simulated GPU tensor runs its op on the tensor it holds with the modes popped: one of a class with code of its
    own there (red team 110 wrapped a subclass whose __torch_dispatch__ ran torch.softmax, and another simulated
    tensor would do the same) would run it unseen. It may hold a plain tensor or parameter, by identity (as
    _shadowed says), and nothing of another class is read."""
    for c in classes:
        if c is not torch.Tensor and c is not torch.nn.Parameter:
            raise a.refuse(ForbiddenCall(
                f"{a.exercise} put a tensor of a class with code of its own ({_name(c)}) inside a simulated "
                "GPU tensor, which runs ops on it where the from-scratch check does not look: use plain tensors",
                f"{a.exercise} 把带有自己代码的类（{_name(c)}）的张量放进了模拟 GPU 张量，"
                "模拟 GPU 在从零实现的检查看不到的地方对它运算：请使用普通张量",
            ))


class _FunctionGuard(TorchFunctionMode):
    """Sees every Python-level torch call: composite ops (torch.rnn_tanh) that decompose before any
    dispatch mode, and calls made while the dispatch mode was switched off, which it notices."""

    def __init__(self, active: _Active, dispatch: _Guard):
        super().__init__()
        self.active, self.dispatch = active, dispatch

    def __torch_function__(self, func, types, args=(), kwargs=None):
        a = self.active
        _looked(a, self._check, func, args, kwargs)
        self.dispatch.called += 1
        self.dispatch.frames.append(sys._getframe())
        self.dispatch.uppers.append(None)
        if self.dispatch.grave or _LET_GO:
            self._bury()
        warned = _quiet_warnings()
        try:
            if _SETTER.match(_called_name(func)):  # what it lets go of is kept until then too (its reads
                self.dispatch.grave.append(_replaced(args))  # warn: y.grad of a non-leaf ran a display function here)
            if any(func is e for e in _ENGINE):  # (by identity: == would run an object's own __eq__)
                return self._engine(func, args, kwargs or {})
            if type(func) not in _NAMED:  # (an object of its own as the function: its C code would call unseen)
                func = self._watched(func)
            if _has_callable(args, kwargs):
                args, kwargs = tuple(map(self._watched, args)), {k: self._watched(v) for k, v in (kwargs or {}).items()}
            return func(*args, **(kwargs or {}))
        finally:
            _warnings_back(warned)
            self.dispatch.frames.pop()
            self.dispatch.uppers.pop()
            self.dispatch.called -= 1

    def _check(self, func, args, kwargs) -> None:
        a = self.active
        what = a.what(func)
        if what:
            raise a.refuse(_forbidden(what, a.exercise))
        if not self.dispatch.inside and (_excluded(_PYTHON_KEY) or not _included(_PYTHON_KEY) or not _dispatch_depth()):
            raise a.refuse(_switched_off(a.exercise))
        if _included(_PYTHON_DISPATCHER):  # it runs ops' Python kernels below the modes (red team 58)
            raise a.refuse(_hidden(a, "torch's Python dispatcher (enable_python_dispatcher)"))
        hook = _callback(args, kwargs)
        if hook:  # it would run while this mode is off the stack (red team 14): nothing of ours would see it
            raise a.refuse(_hidden(a, f"a torch call with an argument whose {hook} is its own code, which torch "
                                      "calls back in the middle of that call"))

    def _bury(self) -> None:
        """Let go of what earlier calls' kernels and setters let go of, with this mode on the stack again: a finalizer
        that runs here is seen whole (its torch.lstm_cell by name, before it breaks into ops with allowed names)."""
        _push_function_mode(self)
        try:
            self.dispatch.grave.clear()
            _LET_GO.clear()
        finally:
            _pop_own(self, self.active)

    def _watched(self, arg):
        """arg, or where it is a function (in a list or tuple too) one that runs it with a mode of this guard on the
        stack again: torch calls it back in the middle of the call, with this mode off the stack, and a
        functools.partial of torch.rnn_tanh_cell given as F.triplet_margin_with_distance_loss's distance (red team
        38; kl_div, weighted mse_loss, scaled_dot_product_attention too) broke into allowed ops with no frame of
        learner code to mark them. Called once the guarded call is over, it runs as it is."""
        if type(arg) in (list, tuple):
            return type(arg)(map(self._watched, arg))
        if not _calls_back(arg):
            return arg

        def called_back(*a, **k):
            if _guard_now() is not self.active:
                return arg(*a, **k)
            with self._again():
                return arg(*a, **k)

        return called_back

    @contextlib.contextmanager
    def _again(self):
        """A mode of this guard on the stack again, torch.autograd's own check for a handler passed by (this mode is
        the handler it would call)."""
        with _entry_unchecked(), _FunctionGuard(self.active, self.dispatch):
            yield

    def _engine(self, func, args, kwargs):
        """A backward or autograd.grad, run with a mode of this guard on the stack again: the hooks and custom
        backwards autograd's engine calls are torch's callers then, seen by name like any code of the call's (red
        team 35 ran torch.rnn_tanh_cell as a tensor hook that was a functools.partial of it, whose ops no frame of
        learner code marks). Their own check for handlers is passed by (this mode is the handler)."""
        if func is _BACKWARD:  # Tensor.backward(gradient, retain_graph, create_graph, inputs) is autograd.backward's
            bound = _BACKWARD_SIGNATURE.bind(*args, **kwargs)
            func, args, kwargs = _AUTOGRAD_BACKWARD, (), {"tensors": bound.arguments.pop("self"), **{
                {"gradient": "grad_tensors"}.get(k, k): v for k, v in bound.arguments.items()}}
        with self._again():
            return func(*args, **kwargs)


_BACKWARD, _AUTOGRAD_BACKWARD = torch.Tensor.backward, torch.autograd.backward
_BACKWARD_SIGNATURE = inspect.signature(_BACKWARD)
_ENGINE = (_BACKWARD, _AUTOGRAD_BACKWARD, torch.autograd.grad)


@contextlib.contextmanager
def _entry_unchecked():
    """torch.autograd's check for a torch function handler, off (this guard's handler is the one it would call)."""
    saved = torch.autograd.has_torch_function
    torch.autograd.has_torch_function = lambda *a: False
    try:
        yield
    finally:
        torch.autograd.has_torch_function = saved


def _calls_back(f) -> bool:
    """A function torch may call in the middle of a call: callable, and no tensor, class or plain value."""
    return callable(f) and not issubclass(type(f), (torch.Tensor, type))  # (by type: isinstance would read a
    # __class__ of the object's own)


def _has_callable(args, kwargs) -> bool:
    """Whether an argument (in a list or tuple too, one level) is a function: most torch calls have none."""
    for a in (*args, *(kwargs.values() if kwargs else ())):
        if _calls_back(a) or type(a) in (list, tuple) and any(_calls_back(x) for x in a[:256]):
            return True
    return False


# what torch may call back on an argument in the middle of a call, while the function mode is off the stack
_HOOKS = ("__index__", "__int__", "__float__", "__complex__", "__bool__", "__len__", "__getitem__", "__iter__",
          "__array__", "__torch_function__", "__cuda_array_interface__", "__array_interface__", "__array_struct__",
          "__dlpack__", "__dlpack_device__", "__buffer__")  # (the interfaces torch.tensor reads: red team 113)
_PLAIN = (int, float, bool, complex, str, bytes, type(None), slice, type(Ellipsis), torch.dtype, torch.device,
          torch.Size, torch.layout, torch.memory_format, torch.Generator)
# what a class body holds that is no code of its own
_CLASS_DATA = frozenset({"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__slots__",
                         "__slotnames__", "__annotations__", "__firstlineno__", "__static_attributes__"})


def _plain_arguments_only(values) -> bool:
    """Whether every value is a plain tensor, parameter, int, float, bool or None, told by identity."""
    for v in values:
        kind = type(v)
        if not (kind is _TENSOR or kind is int or kind is float or v is None or kind is bool or kind is _PARAMETER):
            return False
    return True


_TENSOR, _PARAMETER = torch.Tensor, torch.nn.Parameter


def _callback(args, kwargs) -> str | None:
    """The first hook of an argument (nested in lists and tuples too, every item: red team 113 put one after the
    256th) whose code is not torch's, katas' or the tests': `__index__` of an object used as an index, a tensor
    subclass's own `__torch_function__`, a property torch reads (`__cuda_array_interface__`)."""
    if _plain_arguments_only(args) and (not kwargs or _plain_arguments_only(kwargs.values())):
        return None  # (most calls: read by identity alone, no type hashed)
    todo, kinds, lists = [*args, *(kwargs or {}).values()], set(), 0
    while todo:
        a = todo.pop()
        kind = type(a)
        if not _plain_meta(kind):  # (before it is hashed)
            return f"{_name(kind)}'s metaclass"
        kinds.add(kind)  # (a sequence's too: a subclass's own methods are hooks)
        items = _items(a, kind)
        if items is None:
            continue
        lists += 1
        if lists > 1_000_000:
            return "list nested past what the guard reads"
        if any(type(type(x)) is not type for x in items):
            odd = next((type(x) for x in items if not _plain_meta(type(x))), None)
            if odd is not None:
                return f"{_name(odd)}'s metaclass"
        inside = set(map(type, items))
        if not inside <= _FLAT:
            todo.extend(x for x in items if type(x) not in _FLAT)
        kinds |= inside
    for kind in kinds - {list, tuple}:
        if kind in _PLAIN or kind is torch.Tensor or kind is torch.nn.Parameter or kind is SimTensor:
            continue
        if kind in _SYMBOLIC:  # eager code never makes one; torch asks its node, which any object may be, for its value
            return f"{kind.__name__} node"  # in the middle of the call (red team 136 sliced with one)
        if issubclass(kind, SimTensor):  # its own code would run where the simulated GPU works, every mode off
            return f"{kind.__name__[:40]}, a subclass of the simulated GPU's tensor,"
        if kind is not types.GeneratorType and _static(kind, "__next__") is not None:  # map, filter, iter(f, end):
            return f"{_name(kind)}, an iterator (give torch a list or tuple),"  # red team 153: torch's code drew a map
        hook = _learners_hook(kind, _tensor_code(kind) if issubclass(kind, torch.Tensor) else _HOOKS)
        if hook:
            return f"{kind.__name__[:40]}.{hook}"
    return None


def _tensor_code(kind: type) -> tuple[str, ...]:
    """Every name a tensor subclass defines itself, past torch's classes: any of them may run where a simulated GPU
    tensor or torch reads the argument with the modes off (red team 118's `__class__` property ran torch.softmax
    when the simulated tensor's isinstance asked it)."""
    names = set(_HOOKS)
    for cls in kind.__mro__:
        if cls in (torch.Tensor, torch.nn.Parameter, torch._C.TensorBase):
            break
        names |= set(vars(cls)) - _CLASS_DATA
    return tuple(sorted(names))


_SYMBOLIC = (torch.SymInt, torch.SymFloat, torch.SymBool)
_FLAT = frozenset({*_PLAIN, torch.Tensor}) - {slice, torch.Size}  # items that hold no others (a slice and a size do)


def _items(a, kind: type):
    """The items of a sequence torch may read item by item (a list, a tuple, a subclass of either, a deque: red team
    116 indexed with a deque whose item's __index__ ran torch.rnn_tanh_cell; a numpy array of objects), read with the
    base class's own methods; None for anything else."""
    if kind is list or kind is tuple:
        return a
    if kind is slice:  # (t[:n]: torch reads the bounds in the middle of the call)
        return [a.start, a.stop, a.step]
    if issubclass(kind, list):  # (by type: isinstance would ask a __class__ of its own: red team 130)
        return list(list.__iter__(a))
    if issubclass(kind, tuple):
        return list(tuple.__iter__(a))
    if issubclass(kind, collections.deque):
        return list(collections.deque.__iter__(a))
    numpy = sys.modules.get("numpy")
    if numpy is not None and kind is numpy.ndarray and a.dtype.hasobject:
        return a.ravel().tolist()
    return None


# read on every torch call under the guard: bound once, at import (before any learner code, which cannot swap them)
_excluded, _PYTHON_KEY = torch._C._dispatch_tls_is_dispatch_key_excluded, torch._C.DispatchKey.Python
# a dispatch mode on the stack includes the Python key: taking it out of the included set (a _ForceDispatchKeyGuard,
# _dispatch_tls_set_dispatch_key_included) switches the mode off as excluding it does (red team 12)
_included = torch._C._dispatch_tls_is_dispatch_key_included
_dispatch_depth = torch._C._len_torch_dispatch_stack
_ALL_FUNCTIONS_OFF = torch._C._is_torch_function_all_disabled
_PYTHON_DISPATCHER = torch._C.DispatchKey.PythonDispatcher


def _switched_off(exercise: str) -> ForbiddenCall:
    return ForbiddenCall(
        f"{exercise} switched off torch's dispatch (torch._C._DisableTorchDispatch, _disable_current_modes, "
        "an excluded dispatch key or a popped mode): a from-scratch exercise runs with torch as it is",
        f"{exercise} 关闭了 torch 的分发机制（_DisableTorchDispatch、_disable_current_modes、排除的 dispatch key "
        "或弹出的 mode）：从零实现的练习请正常使用 torch",
    )


def _unseen_call(exercise: str) -> ForbiddenCall:
    """An op that reached the dispatch mode through no torch call the function mode saw: torch function handling
    switched off (DisableTorchFunction, the mode popped), or torch's dispatcher or TorchScript's interpreter called
    directly (`_dispatch_call_boxed`, `_jit_interpret_graph`), where a composite op (lstm_cell, kl_div, attention)
    breaks into allowed ones before any check sees its name (red team 17)."""
    return ForbiddenCall(
        f"{exercise} ran an op that came through no torch function (torch function handling switched off, or "
        "torch's dispatcher or TorchScript interpreter called directly), where the from-scratch check cannot name "
        "what it computes: call torch's functions as they are",
        f"{exercise} 运行了一个不经过任何 torch 函数的算子（关闭了 torch function 处理，或直接调用了 torch 的分发器"
        "或 TorchScript 解释器），从零实现的检查无法知道它算的是什么：请正常调用 torch 的函数",
    )


def _own_function_running() -> str | None:
    """The name of an autograd Function of learner code whose forward or backward runs on this thread's stack."""
    f = _caller(1)
    while f is not None:
        ctx = f.f_locals.get("ctx") if _str_keys(f.f_locals) else None
        # read by its type only: a ctx of the code's own ran its __getattr__ here, with every mode off (red team 139)
        cls = _static(type(ctx), "_forward_cls") if _BACKWARD_NODE in _MRO.__get__(type(ctx)) else None
        if _is(cls, type) and _plain_meta(cls) and _learners_hook(cls, ("forward", "backward", "setup_context")):
            return _name(cls)
        f = f.f_back
    return None


_BACKWARD_NODE = torch.autograd.function.BackwardCFunction  # a custom Function's ctx is of a subclass torch made


def _own_function(exercise: str, name: str) -> ForbiddenCall:
    return ForbiddenCall(
        f"{exercise} computes in an autograd Function of its own ({name}), whose forward and backward may compute "
        "with any library: write the computation with torch's tensor operations and let autograd differentiate it",
        f"{exercise} 在自定义 autograd Function（{name}）中计算，它的 forward 和 backward 可以用任何库计算："
        "请用 torch 的张量运算写出计算，让 autograd 求导",
    )


def _escape_hatch(exercise: str):
    def refuse(*args, **kwargs):
        raise _switched_off(exercise)

    return refuse


_START = _thread.start_new_thread  # the real one, kept here and nowhere a wrapper's closure shows


def _plain(function, args, kwargs):
    _STARTED.add(threading.get_native_id())
    return function(*args, **kwargs)


def _carried(active, function, args, kwargs):
    _STARTED.add(threading.get_native_id())
    with active.modes():
        return function(*args, **kwargs)


_STARTED: set[int] = set()  # the ids of the threads started through the wrapper since a guarded call began


def _start_new_thread(function, args, kwargs=None):
    """_thread.start_new_thread as threading calls it: a thread started under a guard runs under it.

    Every thread starts in _plain or _carried, so one found running in neither was started around
    this wrapper (a start function found elsewhere): forbidden() refuses it at its end.
    """
    active = _guard_now()
    if active is None:
        return _START(_plain, (function, args, kwargs or {}))
    return _START(_carried, (active, function, args, kwargs or {}))


_STARTS = (_plain.__code__, _carried.__code__)
_thread.start_new_thread = _thread.start_new = threading._start_new_thread = _start_new_thread


_ALONE_AT: list[int | None] = [None]  # the newest task's id when this process was last seen alone in its namespace


def _last_task() -> int | None:
    """The id Linux gave the newest thread or process of this process's own PID namespace (one where it is the first,
    as a test process is in the sandbox), or None where it has no namespace of its own."""
    if os.getpid() != 1:
        return None
    try:
        with open("/proc/sys/kernel/ns_last_pid", "rb") as f:
            return int(f.read())
    except (OSError, ValueError):
        return None


def _ended_around(before: int | None) -> int | None:
    """A thread made since before (_last_task's) that has ended and was not started through the wrapper during the
    call: C code's own (red team 68: _testcapi.call_in_temporary_c_thread ran torch's conv2d on a thread of its own
    and joined it before the call returned). torch's own pool threads, made on first use, are still running. So many
    made that the ids wrapped round could hide one among the wrapper's ids: that is refused too (0)."""
    after = _last_task()
    if before is None or after is None or after == before:
        return None
    if not before < after <= before + _TASKS_IN_A_CALL:
        return 0
    try:
        alive = {int(t) for t in os.listdir("/proc/self/task")}
    except OSError:
        return None
    return next((t for t in range(before + 1, after + 1) if t not in alive and t not in _STARTED), None)


_TASKS_IN_A_CALL = 10_000  # threads a from-scratch call may start and end


def _c_thread(active: _Active, ended: int) -> ForbiddenCall:
    which = (f"thread {ended}, by C code", f"线程 {ended}，由 C 代码启动") if ended else (
        f"among more than {_TASKS_IN_A_CALL:,} it started", f"它启动的 {_TASKS_IN_A_CALL:,} 多个线程之一")
    return active.refuse(ForbiddenCall(
        f"{active.exercise} ran code on a thread started around threading ({which[0]}), which ran outside the "
        "from-scratch guard and ended before the call returned: start threads with threading.Thread",
        f"{active.exercise} 在绕过 threading 启动的线程（{which[1]}）上运行了代码，它不受从零实现检查的约束，"
        "并在调用返回前结束：请用 threading.Thread 启动线程",
    ))


def _unwrapped_threads(before) -> list[str]:
    """Threads running now, not before, that were not started through _start_new_thread."""
    found = []
    for ident, frame in sys._current_frames().items():
        if ident not in before:
            while frame.f_back is not None:
                frame = frame.f_back
            if frame.f_code not in _STARTS:
                found.append(frame.f_code.co_name)
    return found


# foreign-function libraries besides ctypes (whose calls raise audit events): none of torch, pytest, matplotlib or the
# grader loads one in a test process, and a call through one raises no event (red team 40 called torch's own
# at::cpu::_softmax_out in libtorch_cpu.so through cffi, below both torch modes); nor CPython's test modules, whose
# functions start C threads, run code later or reach C (red team 68 ran F.conv2d on _testcapi's C thread)
_FFI_MODULES = {"_cffi_backend": "cffi", "cppyy": "cppyy", "llvmlite.binding": "llvmlite",
                "_testcapi": "_testcapi", "_testinternalcapi": "_testinternalcapi"}


def _foreign_functions() -> str | None:
    """What a from-scratch call is refused for when a foreign-function library is loaded in the process, or an RPC
    agent of torch's runs: its threads run the builtin ops sent to it (torch.softmax) in C++, under no mode of the
    guard's, and no Python thread counts them (red team 104 sent the call to its own agent, made at import)."""
    if _RPC_AGENT_SET is not None and _RPC_AGENT_SET():
        return "with an RPC agent of torch.distributed.rpc running, whose threads run torch's ops where the check " \
               "does not look"
    name = next((lib for module, lib in _FFI_MODULES.items() if module in _SYS_MODULES), None)
    return name and (f"with {name} loaded, a library whose calls run C code (torch's own kernels among them) that "
                     "raises nothing the check sees")


_RPC_AGENT_SET = getattr(getattr(torch._C, "_distributed_rpc", None), "_is_current_rpc_agent_set", None)


_PROCESS_EVENTS = frozenset({"os.fork", "os.forkpty", "os.posix_spawn", "os.exec", "os.system", "subprocess.Popen"})
# hooks that run code later, after the guarded call has returned: the profile function that runs at its return
_LATER_EVENTS = frozenset({"sys.setprofile", "sys.settrace", "sys.addaudithook",
                           "os.kill", "os.killpg", "signal.pthread_kill"})  # a handler runs when it comes
_C_EVENTS = frozenset({"ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle", "ctypes.call_function"})
# but torch.cuda's count of GPUs, which opens NVML at every call until CUDA starts (each optimizer step asks it)
_NVML = ("libnvidia-ml.so.1", "nvml.dll")


def _other_processes() -> list[int]:
    """The other processes still running: in the child's own PID namespace (where this process is its first) every
    one but this, whichever thread forked it (red team 98 forked from a thread of autograd's pool, whose children
    the calling thread's list leaves out) and the orphans of double forks; elsewhere the children of every thread."""
    try:
        if os.getpid() == 1 and os.readlink("/proc/self") == "1":  # the namespace's own /proc
            kids = [name for name in os.listdir("/proc") if name.isdigit() and name != "1"]
        else:
            kids = [kid for task in os.listdir("/proc/self/task")
                    for kid in Path(f"/proc/self/task/{task}/children").read_text().split()]
    except OSError:
        return []
    alive = []
    for kid in kids:
        try:
            if Path(f"/proc/{kid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X"):
                alive.append(int(kid))
        except (OSError, IndexError, ValueError):
            continue
    return alive


def _new_process(active: _Active, how: str) -> ForbiddenCall:
    return active.refuse(ForbiddenCall(
        f"{active.exercise} started a new process ({how}), which runs outside the from-scratch "
        "guard: compute in this process (a DataLoader here needs num_workers=0)",
        f"{active.exercise} 启动了新进程（{how}），新进程不受从零实现检查的约束："
        "请在本进程中计算（此处的 DataLoader 请用 num_workers=0）",
    ))


def _later(active: _Active, how: str) -> ForbiddenCall:
    return active.refuse(ForbiddenCall(
        f"{active.exercise} set {how}, whose code would run after the from-scratch check has ended: "
        "compute the result inside the call",
        f"{active.exercise} 设置了 {how}，它的代码会在从零实现的检查结束之后才运行：请在调用之内算出结果",
    ))


_hooks_refused: list[bool] = []


def _installed(f: types.FunctionType) -> bool:
    """A function of torch's, the grader's, or of Python's own library or an installed package's (a learner's own
    function is its to change)."""
    return not _learners_function(f) or _real_file(f.__code__.co_filename).startswith(_INSTALLED)


_INSTALLED = tuple({os.path.realpath(p) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})


def _library_sets_its_own(f: types.FunctionType, setter: types.CodeType) -> bool:
    """An installed library's own code setting a part of a function of the same file (pyparsing's decorators copy
    __kwdefaults__ as matplotlib imports it): the setter is that file's code as its text makes it, not code compiled
    under its name."""
    path = _file_of(setter)
    if _file_of(f.__code__) != path or not _real_file(path).startswith(_INSTALLED):
        return False
    made = _LIBRARY_CODE.get(path)
    if made is None:
        made = _LIBRARY_CODE[path] = _made_of(_real_file(path))
    return _plain_code(setter) and setter in made  # (hashing code hashes its constants: see _plain_code)


_LIBRARY_CODE: dict[str, frozenset] = {}  # an installed file -> its code objects (see _library_sets_its_own)
_FUNCTION_PARTS = frozenset({"__code__", "__defaults__", "__kwdefaults__", "__globals__", "__closure__"})
_swapped: list[str] = []  # torch's or the grader's functions whose code learner code tried to swap


def _audit_hook(exercise: str) -> ForbiddenCall:
    return ForbiddenCall(
        f"{exercise}'s file added an audit hook (sys.addaudithook), which would run inside the grader's own calls, "
        "after the from-scratch check: it was not added; remove it",
        f"{exercise} 的文件添加了审计钩子（sys.addaudithook），它会在从零实现的检查之后、在批改器自己的调用中运行："
        "它没有被加上；请删掉它",
    )


def _earlier_thread(active: _Active, names: list[str]) -> ForbiddenCall:
    which = ", ".join(names[:3]) or "one started outside threading"
    return active.refuse(ForbiddenCall(
        f"{active.exercise} ran while a thread your code started earlier (at import, or in an earlier call) was "
        f"alive ({which}): that thread runs outside the from-scratch guard. Start threads inside the function and "
        "join them before it returns",
        f"{active.exercise} 运行时，你的代码之前（导入时或上一次调用中）启动的线程仍在运行（{which}）："
        "该线程不受从零实现检查的约束。请在函数内部启动线程，并在返回前 join",
    ))


def _left_running(active: _Active, names: list[str]) -> ForbiddenCall:
    which = ", ".join(names[:3]) or "one started outside threading"
    return active.refuse(ForbiddenCall(
        f"Join the threads {active.exercise} starts before it returns: one ({which}) was still running, outside the "
        "from-scratch guard, while the test checked the result",
        f"请在 {active.exercise} 返回前 join 它启动的线程：有一个（{which}）仍在运行，在测试检查结果时不受从零实现"
        "检查的约束",
    ))


def _earlier_process(active: _Active, pid: int) -> ForbiddenCall:
    return active.refuse(ForbiddenCall(
        f"{active.exercise} ran while a process your code started earlier (at import, or in an earlier call) was "
        f"running (pid {pid}): that process runs outside the from-scratch guard. Compute in this process (a "
        "DataLoader here needs num_workers=0)",
        f"{active.exercise} 运行时，你的代码之前（导入时或上一次调用中）启动的进程仍在运行（pid {pid}）："
        "该进程不受从零实现检查的约束。请在本进程中计算（此处的 DataLoader 请用 num_workers=0）",
    ))


_TEST_PROCESS: list[int] = []  # the pid that runs the tests (tests_run_here), once the sandbox holds


def tests_run_here() -> None:
    """This process runs the tests from now on (called before any learner code): a guarded call in another is refused
    (red team 67 forked at import, the fork ran the tests, and the original, the fork's parent, computed torch's
    softmax, conv2d and Adam step for it unguarded). The threads counted now are its parent's, which a fork leaves in
    the count."""
    _TEST_PROCESS[:] = [os.getpid()]
    _PHANTOMS[0] = _PY_THREADS()


# The interpreter's count of the threads that _thread started and that still run, whichever copy of the module
# started them: red team 101 made a copy of _thread (_imp.create_builtin), whose start_new_thread is not the
# wrapper, and ran torch's softmax on a thread whose target was C alone (no frame in sys._current_frames).
_PY_THREADS = _thread._count
_PHANTOMS = [0]  # of the count, the threads of the process the test process was forked from (tests_run_here)


def _frameless_threads(visible: int) -> bool:
    """Are more threads running than the visible ones (those with a Python frame, the main one among them)? A thread
    that has just ended may be counted a moment longer: asked again for up to 0.2 s."""
    for _ in range(20):
        if _PY_THREADS() - _PHANTOMS[0] <= visible - 1:
            return False
        _sleep(0.01)
    return True


def _not_the_test_process(active: _Active) -> ForbiddenCall:
    return active.refuse(ForbiddenCall(
        f"{active.exercise} ran in a process your code forked from the one that runs the tests (at import, or in an "
        "earlier call), which lives on outside the from-scratch guard: do not fork; compute in the test's process",
        f"{active.exercise} 运行在你的代码从测试进程复制（fork）出的进程中（导入时或上一次调用中），原进程仍在"
        "从零实现的检查之外运行：请不要 fork，在测试进程中计算"))


def _no_new_process(event: str, args) -> None:
    """An audit hook (it cannot be removed): a process started under a guard would run without it, and a
    profile or trace function set under it would run after it. No other audit hook is ever added: one added at
    import ran on the grader's own audited calls after a guarded call, outside the guard (red team 8)."""
    if event not in _HEARD:  # (id(), f_code and sys._getframe are audited too: thousands of calls a training step)
        return
    if event == "sys.addaudithook":  # (Python drops the hook and this exception: a guarded call names it)
        _hooks_refused.append(True)
        raise RuntimeError("no audit hook of learner code")
    if event == "object.__setattr__" and len(args) == 3 and args[1] in _FUNCTION_PARTS and \
            type(args[0]) is types.FunctionType and _installed(args[0]) and not _trusted_frame(sys._getframe(1)) and \
            not _library_sets_its_own(args[0], sys._getframe(1).f_code):
        # red team 71 swapped torch.is_tensor's code at import (the function object stays: no check saw it), and the
        # test's own call of it filled the result with torch's softmax and conv2d after the check
        _swapped.append(f"{getattr(args[0], '__qualname__', '?')!s:.60}.{args[1]}")
        raise RuntimeError(f"your code set {_swapped[-1]}, of a function of torch's or Python's own: a test process "
                           "keeps their code as it is (it would run yours where the test calls it); remove that")
    if event == "object.__setattr__" and len(args) == 3 and args[1] == "__class__" and _is(args[0], types.ModuleType):
        _RECLASSED.append(True)  # (judged by _reclassed_module, which reads every module's class)
    if event == "cpython.PyInterpreterState_New":  # a second interpreter has no audit hook and modules of its own:
        # red team 68 called torch's softmax kernel through ctypes there, and started a process and a thread from it
        active = _guard_now()
        if active is not None:
            raise _hidden(active, "code in a second interpreter (_xxsubinterpreters)")
        raise RuntimeError("no second interpreter in a test process: it would run outside the from-scratch guard")
    if event in _PROCESS_EVENTS or event in _LATER_EVENTS or event in _C_EVENTS:
        active = _guard_now()
        if active is None or event == "ctypes.dlopen" and args[0] in _NVML and _trusted_frame(sys._getframe(2)):
            return
        if event in _C_EVENTS:  # C code reached directly: fork(), syscall(), anything (3.11 audits the lookup)
            raise _hidden(active, f"a C function through ctypes ({event} {args[-1]!r:.60})")
        raise _new_process(active, event) if event in _PROCESS_EVENTS else _later(active, event)


_HEARD = frozenset({"object.__setattr__", "cpython.PyInterpreterState_New", *_PROCESS_EVENTS, *_LATER_EVENTS,
                    *_C_EVENTS})  # (sys.addaudithook is among the later ones)
_RECLASSED: list = []  # a module's class was set: every call looks at the modules' classes from then on


def _refusing(real, refusal):
    """real, refused under a guard (refusal(active) says why): for calls that raise no audit event."""
    @functools.wraps(real)
    def call(*args, **kwargs):
        active = _guard_now()
        if active is not None:
            raise refusal(active)
        return real(*args, **kwargs)

    return call


def _foreign_modes() -> list[str]:
    """The torch modes active now but the grader's own and torch's default device (torch.set_default_device). Beneath
    the check, a mode's handler runs with the check's modes off the stack for every op the check lets through: one of
    torch's own may call learner code there (red team 47: FlopCounterMode's custom_mapping, selective
    checkpointing's policy_fn)."""
    return [_name(type(m)) for m in _modes() if type(m) is not DeviceContext and type(m) not in _GRADERS_MODES
            or _instance_hook(m)]


def _modes() -> list:
    return [*torch.overrides._get_current_function_mode_stack(), *_get_current_dispatch_mode_stack()]


def _instance_hook(mode) -> bool:
    """Whether a mode carries a handler of its own on the instance, where torch looks first (red team 50 set one on a
    DeviceContext as its call returned)."""
    try:
        own = object.__getattribute__(mode, "__dict__")
    except AttributeError:
        return False
    return any(name in own for name in _MODE_HOOKS)


_GRADERS_MODES: weakref.WeakSet[type] = weakref.WeakSet()  # by class, not by its code: a handler of the grader's
# code made into a function with globals or closure cells of the learner's would run the learner's code


def graders_mode(cls: type) -> type:
    """Mark a mode class of katas' or the tests' (the simulated GPU's, a test's counter) as one a from-scratch call may
    run beneath: its handler runs the grader's code only."""
    _GRADERS_MODES.add(cls)
    return cls


graders_mode(_SimMode), graders_mode(_SimConstructors)


def _grader_files() -> frozenset[str]:
    """The grader's own files: its modules (katas.MODULES) and the catalogue's test files. Not its folders: a file a
    learner added beside them is the learner's (red team 47 planted a mode in tests/)."""
    here, tests = Path(__file__).parent, Path(__file__).parent.parent / "tests"
    return frozenset({*(os.path.realpath(here / f"{m}.py") for m in katas.MODULES),
                      *(os.path.realpath(tests / f"test_{s.file}") for s in catalog.load().sections)})


_GRADER_FILES = _grader_files()


_MODE_HOOKS = ("__torch_function__", "__torch_dispatch__", "__enter__", "__exit__")


def _learners_hook(cls: type, names: tuple[str, ...]) -> str | None:
    """The first of cls's methods named that runs code outside torch, katas and the tests: every function it runs
    through is read (torch wraps __torch_dispatch__ in one of its own; each __wrapped__ is followed). Each is read as
    cls's namespaces hold it: reading it through getattr would run a descriptor's __get__, or a metaclass's
    __getattribute__, of the learner's (red team 124), and a class of a metaclass of its own is a hook itself."""
    if not _plain_meta(cls):
        return "__class__"
    for name in names:
        f, seen = _static(cls, name), 0
        if f is _UNREADABLE:
            return name
        if _is(f, property):  # its getter runs when torch reads it (red team 113's __cuda_array_interface__)
            f = f.fget
        elif _is(f, functools.cached_property):
            f = f.func
        elif f is not None and not callable(f) and _learners_hook(type(f), ("__get__",)):  # a descriptor of its own
            return name
        while f is not None and seen < 16:
            inner = f.__func__ if type(f) in _BOUND else f
            if type(inner) is types.FunctionType:
                if _learners_function(inner):
                    return name
            elif callable(inner) and not _is(inner, _C_METHODS):  # a functools.partial, an object with __call__
                return name
            space = _FUNCTION_DICT.__get__(inner) if type(inner) is types.FunctionType else {}
            if not _str_keys(space):
                return name
            f = space.get("__wrapped__")
            seen += 1
    return None


# what holds a function as __func__, read by exact type (no code of a subclass's runs); pybind11's instancemethod too
_BOUND = (classmethod, staticmethod, types.MethodType, type(vars(torch._C.ScriptObject)["__index__"]))
# metaclasses of Python's and torch's own: any other may run code of its own when its class is hashed, compared or read
_PLAIN_METAS = (type, type(torch.Tensor), type(torch.nn.Parameter), type(torch.nn.Buffer), type(Iterator),
                type(re.RegexFlag), type(torch.autograd.Function), type(torch._C.ScriptObject))  # (pybind11's)


def _plain_meta(cls: type) -> bool:
    meta = type(cls)
    return meta is type or any(meta is m for m in _PLAIN_METAS)


def _static(cls: type, name: str):
    """cls's attribute name as its class namespaces hold it (None where none holds it): no descriptor's __get__ and no
    metaclass's code runs (cls's metaclass is a plain one: see _plain_meta)."""
    for c in _MRO.__get__(cls):
        space = _TYPE_DICT.__get__(c)
        if not _str_keys(space):
            return _UNREADABLE
        if name in space:
            return space[name]
    return None


def _str_keys(space) -> bool:
    """Whether every key of a namespace is a plain str: a look-up in it then compares str with str only. A key of
    another kind may hash as the name looked up does, and run its own __eq__ (red team 139, in a frame's globals)."""
    return all(type(k) is str for k in space)


_UNREADABLE = object()  # what _static gives for a class namespace holding a key that is no plain str


_MRO = type.__dict__["__mro__"]


@functools.lru_cache(maxsize=1024)
def _trusted_file(name: str) -> bool:  # realpath is a few system calls: once per file name
    real = _real_file(name)
    return real.startswith(_TORCH_DIR) or real in _GRADER_FILES


_verdicts: dict[int, tuple] = {}  # whether code is trusted (see _remembered)


def _trusted_code(code: types.CodeType) -> bool:
    """Whether code is torch's, katas' or the tests' own: its file is one of theirs and the code is one Python made of
    that file's text. A file name is a label any code can wear: compile(src, <a torch file>, "exec") made a learner's
    mode and autograd Function pass for torch's (red team 47)."""
    hit = _verdicts.get(_ident(code))
    if hit is not None and hit[0] is code:
        return hit[1]
    return _remembered(_verdicts, code, _trusted_file(_file_of(code)) and _plain_code(code)
                       and code in _made_of(_real_file(code.co_filename)))


def _own_globals(space: dict) -> bool:
    """Whether space is the namespace of the module it names: code of torch's or the grader's run with globals of
    another's (types.FunctionType(code, globals), exec) calls whatever those names hold. A module may have put a
    wrapper of itself in sys.modules (torch.backends' PropModule holds it as .m)."""
    if _OWN_SPACES.get(_ident(space)) is space:  # a module's namespace stays its own (held here: no id is reused)
        return True
    if _is_own_globals(space):
        _OWN_SPACES[_ident(space)] = space
        return True
    return False


_OWN_SPACES: dict[int, dict] = {}


def _is_own_globals(space: dict) -> bool:
    if type(space) is not dict or not _str_keys(space):  # (see _str_keys)
        return False
    module = _SYS_MODULES.get(dict.get(space, "__name__"))
    if not _is(module, types.ModuleType):
        return False
    own = _MODULE_DICT.__get__(module)
    return own is space or any(_is(v, types.ModuleType) and _MODULE_DICT.__get__(v) is space
                               for v in list(own.values())[:64])


def _trusted_frame(f) -> bool:
    return _trusted_code(f.f_code) and _own_globals(f.f_globals)


def _learners_function(f, library: bool = False) -> bool:
    """Whether calling the Python function f may run the learner's code: its code is not torch's or the grader's (nor,
    with library, Python's or an installed package's), or it is, made into a function with globals or closure cells
    of another's (whose names then call what they like)."""
    todo, seen = [f], set()
    while todo:
        f = todo.pop()
        if _ident(f) in seen:  # a function may hold itself (torch._sym_sqrt)
            continue
        seen.add(_ident(f))
        if type(f) is not types.FunctionType or not (_trusted_code(f.__code__) or library and _library_code(
                f.__code__)) or not _own_globals(f.__globals__) or len(seen) > 64:
            return True
        for cell in f.__closure__ or ():
            try:
                held = cell.cell_contents
            except ValueError:  # a cell not filled yet
                continue
            if isinstance(held, types.FunctionType):
                todo.append(held)
    return False


_LEARNT: dict[str, frozenset[types.CodeType]] = {}  # a grader's file -> its code, taken before any learner code ran


def learn_grader_code() -> None:
    """Take the code of the grader's modules and tests loaded now, from the modules themselves: the test server calls
    this before it forks a child (no learner code has run in it), whose walls may hide the workbook's files (a
    workbook under /tmp, behind the child's own /tmp)."""
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None) if _is(module, types.ModuleType) else None
        if isinstance(name, str) and _real_file(name) in _GRADER_FILES:
            _LEARNT[_real_file(name)] = _module_code(module)


def before_children() -> None:
    """In the test server, before each fork (no learner code has run in it): take in what the server's own imports
    changed in the watched namespaces (its warm-up's, a data set's), and compile the files whose code the guard meets
    in every call. Each child did both again in its first call, some 15 ms of every exercise graded (watch mode's
    re-check went over its 0.15 s)."""
    _rebound()  # (a refusal here would be the grader's own: the child's first call then says it, as before)
    for name in _MET_EVERY_CALL:
        file = getattr(sys.modules.get(name), "__file__", None)
        if isinstance(file, str):
            _made_of(_real_file(file))


# the modules of the code each guarded call judges: Tensor's operator wrappers, torch's __torch_function__ handling,
# the hooks pytest sets around each test
_MET_EVERY_CALL = ("torch._tensor", "torch.overrides", "torch.jit._trace", "_pytest.unraisableexception",
                   "_pytest.threadexception")


def _module_code(module) -> frozenset[types.CodeType]:
    """The code objects of module's functions and of its classes' (nested ones too)."""
    found, todo, seen = set(), list(_MODULE_DICT.__get__(module).values()), set()
    while todo:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        value = getattr(value, "__func__", value)  # staticmethod, classmethod
        if isinstance(value, property):
            todo.extend(f for f in (value.fget, value.fset, value.fdel) if f is not None)
        elif isinstance(value, types.FunctionType):
            todo.extend((value.__code__, getattr(value, "__wrapped__", None)))  # a decorated function's own too
        elif isinstance(value, types.CodeType):
            found.add(value)
            todo.extend(c for c in value.co_consts if isinstance(c, types.CodeType))
        elif isinstance(value, type) and value.__module__ == module.__name__:
            todo.extend(_class_dict(value).values())
    return frozenset(found)


@functools.lru_cache(maxsize=512)
def _made_of(path: str) -> frozenset[types.CodeType]:
    """Every code object of the module at path as its import made it: the grader's as learn_grader_code took them, or
    from its source, as the grader's modules are always imported (katas.bytecode); torch's from its cached bytecode
    where that is current (as Python read it), else from its source. Code objects compare without their file name; a
    function compiled from other text is none of these."""
    if path in _LEARNT:
        return _LEARNT[path]
    loader = bytecode.SourceOnlyLoader if path in _GRADER_FILES else importlib.machinery.SourceFileLoader
    try:
        return _nested(loader("_", path).get_code("_"))
    except (ImportError, OSError, SyntaxError, ValueError, EOFError):
        return frozenset()



def _hidden(active: _Active, what: str) -> ForbiddenCall:
    return active.refuse(ForbiddenCall(
        f"{active.exercise} ran {what}, which hides its calls from the from-scratch check: "
        "write plain Python with tensor operations",
        f"{active.exercise} 运行了 {what}，它内部的调用对从零实现的检查不可见：请用普通的 Python 和张量运算",
    ))


def _compiled_call(kind: str, real):
    """ScriptFunction / ScriptMethod.__call__: TorchScript runs composite ops without the function mode."""
    def call(self, *args, **kwargs):
        active = _guard_now()
        if active is not None:
            raise _hidden(active, f"a TorchScript {kind} ({getattr(self, 'name', '?')})")
        return real(self, *args, **kwargs)

    return call


def _eval_frame(real):
    """torch._dynamo's switch into compiled frames (torch.compile): refused under a guard, so importing
    torch._dynamo (2 s) is never needed to see it."""
    def set_eval_frame(callback, *args, **kwargs):
        active = _guard_now()
        if active is not None and callback not in (None, False):
            raise _hidden(active, "a torch.compile'd function")
        return real(callback, *args, **kwargs)

    return set_eval_frame


def _redispatch(real):
    """_DispatchOperatorHandle.redispatch_boxed, which OpOverload.redispatch calls: an op sent on with a key set
    that lacks the Python key starts below torch's dispatch modes, so neither of the guard's sees it (torch's
    own custom-op autograd redispatches with the Python key in the set, inside a torch call, and passes; called by
    learner code, the dispatch mode refuses what comes through no torch call)."""
    def redispatch_boxed(self, keyset, *args, **kwargs):
        active = _guard_now()
        if active is not None and not _has_key(keyset, _PYTHON_KEY):
            raise active.refuse(ForbiddenCall(
                f"{active.exercise} sent an op on below torch's Python dispatch key (OpOverload.redispatch or "
                "redispatch_boxed without DispatchKey.Python), where the from-scratch check cannot see it: "
                "call ops as they are, and write the computation with tensor arithmetic",
                f"{active.exercise} 把算子分发到了 torch 的 Python dispatch key 之下（OpOverload.redispatch 或 "
                "redispatch_boxed，key set 中没有 DispatchKey.Python），从零实现的检查看不到它：请直接调用算子，"
                "并用张量运算写出计算",
            ))
        return real(self, keyset, *args, **kwargs)

    return redispatch_boxed


def _printed(real, inner):
    """torch._tensor_str._str, which Tensor's repr, str and format call: it pops every dispatch mode (torch prints a
    tensor as it is, not as a mode would trace it), and the function mode is off the stack already in the handler
    that let the repr through. What it then reads, torch.set_printoptions' values and a tensor_contents, may be objects
    of the learner's: red team 145 ran torch.softmax, F.max_pool2d, torch.lstm_cell and torch's functional Adam in
    the __lt__ of a threshold, with no mode of the guard's on the stack. Under a guard, a fresh pair of its modes
    goes back on for the printing itself."""
    def _str(self, *, tensor_contents=None):
        active = _guard_now()
        if active is None:
            return real(self, tensor_contents=tensor_contents)
        for mode in _get_current_dispatch_mode_stack():
            if type(mode) is _Guard:
                mode.expected += 1  # (torch's own pop and push back, below)
        with torch.no_grad(), _DISABLE_CURRENT_MODES():
            no_functorch = torch._C._DisableFuncTorch()  # noqa: F841 (as torch's own: held for the block)
            with active.pair():
                return inner(self, tensor_contents=tensor_contents)

    return _str


_DISABLE_CURRENT_MODES = torch.utils._python_dispatch._disable_current_modes
torch._tensor_str._str = _printed(torch._tensor_str._str, torch._tensor_str._str_intern)


_has_key = torch._C.DispatchKeySet.has  # bound here: a key set subclass cannot answer for itself
_Handle = torch._C._DispatchOperatorHandle
_Handle.redispatch_boxed = _redispatch(_Handle.redispatch_boxed)


def _direct_kernel(active: _Active) -> ForbiddenCall:
    """_SafeKernelFunction.call_boxed: a kernel looked up for one dispatch key
    (`torch._C._dispatch_get_computed_kernel_for_dispatch_key`) and called directly runs below both of the guard's
    modes (red team 10 ran aten::_softmax, _fused_sgd_ and _slow_conv2d_forward so)."""
    return active.refuse(ForbiddenCall(
        f"{active.exercise} called a kernel of torch's directly (call_boxed on a kernel looked up for one "
        "dispatch key), where the from-scratch check cannot see it: write the computation with tensor arithmetic",
        f"{active.exercise} 直接调用了 torch 的内核（对按 dispatch key 取出的内核调用 call_boxed），"
        "从零实现的检查看不到它：请用张量运算写出计算",
    ))


torch._C._SafeKernelFunction.call_boxed = _refusing(torch._C._SafeKernelFunction.call_boxed, _direct_kernel)
_SCRIPT_CALLS = {cls: cls.__call__ for cls in (torch._C.ScriptFunction, torch._C.ScriptMethod)}
for _cls, _real in _SCRIPT_CALLS.items():
    _cls.__call__ = _compiled_call(_cls.__name__.removeprefix("Script").lower(), _real)
    _SCRIPT_CALLS[_cls] = _cls.__call__  # what forbidden() expects to find there
torch._C._dynamo.eval_frame.set_eval_frame = _eval_frame(torch._C._dynamo.eval_frame.set_eval_frame)
# NNC, torch's tensor-expression compiler: a kernel it lowers from an aten op (torch._C._te.lower("aten::softmax"))
# reads and writes the tensors' memory where no mode sees an op (red team 33 ran torch's softmax so), and so does
# a TensorExprKernel of a TorchScript graph
_NNC = ((torch._C._te.CodeGen, ("call", "call_raw")), (torch._C._te.TensorExprKernel, ("run", "fallback")))
for _cls, _names in _NNC:
    for _name in _names:
        setattr(_cls, _name, _refusing(getattr(_cls, _name),
                                       lambda a, n=f"{_cls.__name__}.{_name}": _hidden(a, f"an NNC kernel ({n})")))
try:
    import _posixsubprocess  # POSIX only: what subprocess runs, and it raises no audit event of its own
except ImportError:
    pass
else:
    _posixsubprocess.fork_exec = _refusing(_posixsubprocess.fork_exec,
                                           lambda a: _new_process(a, "_posixsubprocess.fork_exec"))
# signal.signal calls _signal.signal: a handler set under a guard runs whenever its signal comes, after it too
_signal.signal = _refusing(_signal.signal, lambda a: _later(a, "a signal handler (signal.signal)"))
for _name in ("setitimer", "alarm"):  # a signal due later, for a handler set at import (signal has its own copy)
    if hasattr(_signal, _name):
        _timer = _refusing(getattr(_signal, _name), lambda a, n=_name: _later(a, f"a timer (signal.{n})"))
        setattr(_signal, _name, _timer)
        setattr(signal, _name, _timer)
_thread.interrupt_main = _refusing(_thread.interrupt_main, lambda a: _later(a, "_thread.interrupt_main"))


def _kept(real, handle_of):
    """real, a registrar of autograd hooks, that hands the guard each hook's handle (handle_of(what real returned))."""
    @functools.wraps(real)
    def register(*args, **kwargs):
        out = real(*args, **kwargs)
        active = _guard_now()
        if active is not None:
            active.hooks.append(handle_of(out))
        return out

    return register


# Autograd hooks that a backward the test starts after the call would run, outside the check, wherever they sit in the
# result's graph: a tensor's (register_hook, register_post_accumulate_grad_hook) and an autograd node's
# (grad_fn.register_hook and register_prehook, which torch's C++ makes through Function._register_hook, as module
# backward hooks do). Saved-tensor hooks, whose unpack runs in that backward (torch.utils.checkpoint's recompute too),
# are refused under a guard outright.
_HOOK_REGISTRARS = {
    (torch.Tensor, "register_hook"): _kept(torch.Tensor.register_hook, lambda handle: handle),
    (torch.Tensor, "register_post_accumulate_grad_hook"): _kept(torch.Tensor.register_post_accumulate_grad_hook,
                                                                lambda handle: handle),
    (torch.autograd.Function, "_register_hook"): staticmethod(_kept(torch.autograd.Function._register_hook,
                                                                    lambda out: out[1])),
    (torch._C._autograd, "_push_saved_tensors_default_hooks"): _refusing(
        torch._C._autograd._push_saved_tensors_default_hooks,
        lambda a: _later(a, "saved-tensor hooks (torch.autograd.graph.saved_tensors_hooks, torch.utils.checkpoint)")),
}
for (_owner, _name), _registrar in _HOOK_REGISTRARS.items():
    setattr(_owner, _name, _registrar)


def _registrars_changed() -> str | None:
    """The first registrar of torch's (of hooks, of kernels) that is no longer the guard's: put back to register
    unseen."""
    for (owner, name), registrar in (*_HOOK_REGISTRARS.items(), *_KERNEL_REGISTRARS.items()):
        if getattr(owner, "__dict__", {}).get(name) is not registrar:
            return f"{getattr(owner, '__name__', owner)}.{name}"
    return None


def _hooks_left(active: _Active) -> ForbiddenCall | None:
    """The refusal of a call that returns with an autograd hook it registered still in place: a backward the test
    starts would run it after the check (a hook removed, or gone with its tensor, is fine)."""
    def live():
        return [h for h in active.hooks if _in_place(h)]

    if not active.hooks or not live():
        return None
    gc.collect()  # a hook whose code holds its own tensor lives in a cycle until the collector runs
    if not live():
        return None
    return active.refuse(ForbiddenCall(
        f"{active.exercise} left an autograd hook in place (register_hook on a tensor or a grad_fn), which a backward "
        "the test starts would run after the from-scratch check: remove the hook before returning (handle.remove())",
        f"{active.exercise} 留下了仍然生效的 autograd 钩子（张量或 grad_fn 的 register_hook），测试之后发起的反向传播"
        "会在从零实现的检查之外运行它：请在返回之前删除钩子（handle.remove()）"))


def _in_place(handle) -> bool:
    hooks = handle.hooks_dict_ref()
    return hooks is not None and (not _is(hooks, dict) or dict.__contains__(hooks, handle.id))


def _no_optimizer_step(optimizer, args, kwargs) -> None:
    """A global step pre-hook: an optimizer built any way (Optimizer.__new__, a saved __init__) steps here."""
    active = _guard_now()
    if active is not None and active.optim:
        raise active.refuse(_forbidden(f"torch.optim.{type(optimizer).__name__}.step", active.exercise))


sys.addaudithook(_no_new_process)
register_optimizer_step_pre_hook(_no_optimizer_step)


# Namespaces that learner code gave an operator or a kernel through torch.library (custom_op, Library,
# register_kernel, impl): such a kernel runs below the guard's modes, unseen. torch registers kernels of its own
# too, while a module of it imports or lazily (torch.func.vmap's first call registers aten kernels: red team 9's
# honest vmap softmax was refused), never through its public library API: that tells them apart.
_own_kernels: set[str] = set()
_real_library = torch._C._dispatch_library


_handles: dict[int, tuple[object, str]] = {}  # id of a library handle made since -> (the handle, its namespace)


def _library(kind, ns, *args, **kwargs):
    if _learners_registration(_REGISTRARS):
        _own_kernels.add(str(ns))
    handle = _real_library(kind, ns, *args, **kwargs)
    _handles[id(handle)] = (handle, str(ns))
    return handle


def _learners_registration(registrars: tuple[str, ...]) -> bool:
    """Whether the registration this is called in comes from code not torch's: directly, or through one of torch's
    registration APIs (a file of registrars); not torch importing a module of its own, nor registering lazily."""
    f, outer = sys._getframe(1), None
    while f is not None and (f.f_code in _REGISTRAR_CODES or _torch_frame(f)):
        if f.f_code.co_name == "<module>":  # torch importing one of its own modules
            return False
        if f.f_code not in _REGISTRAR_CODES:  # (one of torch's registrars may call another: py_impl's)
            outer = f
        f = f.f_back
    return outer is None or _real_file(outer.f_code.co_filename).startswith(registrars)


def _registering(real, namespace, registrars: tuple[str, ...] = ()):
    """real, a registrar of torch's (a library handle's method, an op's py_impl), noting the namespace it registers in
    (namespace(handle, args)) when code not torch's asks, directly or through torch's registration APIs (_REGISTRARS
    and registrars): red team 58 registered through handles torch made itself (torch.export.custom_ops.lib, c10d's),
    where no new library is made, and a Python kernel on aten::erfinv."""
    @functools.wraps(real)
    def register(self, *args, **kwargs):
        if _learners_registration((*_REGISTRARS, *registrars)):
            _own_kernels.add(namespace(self, args))
        return real(self, *args, **kwargs)

    return register


def _op_namespace(handle, args) -> str:
    """The namespace of the op an impl or def names ("ns::op", "ns::op(Tensor x) -> Tensor"), else its handle's."""
    head = str(args[0]).split("(")[0] if args else ""
    return head.split("::")[0] if "::" in head else _handle_namespace(handle, args)


def _handle_namespace(handle, args) -> str:
    """A handle's namespace: "*" (every op) where it is unknown (made before the guard) or is "_" (all of them)."""
    ns = _handles.get(id(handle), (None, "*"))[1]
    return "*" if ns == "_" else ns


_TORCH_DIR = f"{_TORCH}{os.sep}"


def _torchs(code: types.CodeType) -> bool:
    return _real_file(code.co_filename).startswith(_TORCH_DIR) and _trusted_code(code)


def _torch_frame(f) -> bool:
    return _torchs(f.f_code) and _own_globals(f.f_globals)

_REGISTRARS = tuple(f"{_TORCH / name}" for name in ("library.py", f"_library{os.sep}", "_custom_ops.py",
                                                      f"_custom_op{os.sep}", f"_native{os.sep}"))  # (red team 54:
# torch._native.registry._install_aten_override put a learner's kernel on aten::erfinv that ran torch.softmax)
torch._C._dispatch_library = _library
_Handle = torch._C._DispatchModule
_KERNEL_REGISTRARS = {
    (torch._C, "_dispatch_library"): _library,
    **{(_Handle, name): _registering(getattr(_Handle, name), _op_namespace) for name in (
        "impl", "impl_t_t", "impl_with_aoti_compile", "define", "def_", "def_legacy", "def_name_t_t", "def_schema_t_t")
       if hasattr(_Handle, name)},
    **{(_Handle, name): _registering(getattr(_Handle, name), _handle_namespace) for name in (
        "fallback", "fallback_fallthrough", "register_ad_inplace_or_view_fallback") if hasattr(_Handle, name)},
    # a Python kernel may run below the guard's modes, for any op: every guarded call is refused ("*")
    **{(torch._ops.OperatorBase, name): _registering(getattr(torch._ops.OperatorBase, name), lambda *_: "*",
                                                     (str(_TORCH / "_ops.py"),))
       for name in ("py_impl", "py_functionalize_impl")},
}
for (_owner, _name), _registrar in _KERNEL_REGISTRARS.items():
    setattr(_owner, _name, _registrar)
_REGISTRAR_CODES = frozenset(getattr(r, "__code__", None) for r in _KERNEL_REGISTRARS.values())  # this file's


def _own_kernel(func, a: _Active) -> ForbiddenCall:
    """func (an op of a namespace the code registered in), or None: the code gave torch's dispatcher a kernel for any op
    (a Python kernel, or one through a handle whose namespace is unknown)."""
    if func is None:
        return a.refuse(ForbiddenCall(
            f"{a.exercise}'s code gave torch's dispatcher a kernel of its own (an op's py_impl, or a library handle's "
            "impl or fallback), which runs below the from-scratch check: remove it and compute with torch's own ops",
            f"{a.exercise} 的代码向 torch 的分发器注册了自己的内核（算子的 py_impl，或库句柄的 impl、fallback），"
            "从零实现的检查看不到它内部：请删掉它，直接用 torch 自带的运算"))
    return a.refuse(ForbiddenCall(
        f"{a.exercise} ran {func}, an operator or kernel registered with torch.library in namespace "
        f"{func.namespace!r}, which runs below the from-scratch check: compute with torch's own ops",
        f"{a.exercise} 运行了 {func}：这是用 torch.library 在命名空间 {func.namespace!r} 中注册的算子或内核，"
        "从零实现的检查看不到它内部：请直接用 torch 自带的运算",
    ))


def _runs_unseen() -> str | None:
    """A hook that runs code around a guarded call's return (a profile or trace function, one set for the
    threads to come, a garbage collector callback of the code's own, set before the call or in it: red team 64's,
    added at import, filled results with torch's conv2d, pooling, softmax and Adam step in the collection that the
    guard's own exit checks set off): what it is, or None."""
    if sys.getprofile() is not None or threading._profile_hook is not None:
        return "a profile function (sys.setprofile / threading.setprofile)"
    if _FRAME_CALLBACK() not in (None, False) or _DEBUGGER_CALLBACK() is not None:  # red team 86's, set at import,
        return "a frame evaluation callback (torch._dynamo's set_eval_frame)"  # filled the result as frames began
    if sys.gettrace() is not None or threading._trace_hook is not None:  # (coverage's tracer was let be: a class
        return "a trace function (sys.settrace / threading.settrace)"  # of red team 71's wore its module's name)
    if any(map(_learners_callable, list.__iter__(_GC_CALLBACKS))):
        return "a garbage collector callback (gc.callbacks)"
    # red team 71: a handler set at import and a timer armed there filled the result with softmax after the call
    if any(map(_learners_handler, map(_signal.getsignal, _SIGNALS))):
        return "a signal handler of its own (signal.signal) earlier"
    hooks = next((name for name, table in _GLOBAL_HOOKS if any(map(_learners_callable, dict.values(table)))), None)
    if hooks:  # red team 71: a global forward pre-hook filled the result with F.max_pool2d when the test ran MaxPool2d
        return f"a hook for every module or optimizer ({hooks})"
    return None


_GC_CALLBACKS = gc.callbacks  # the list the collector calls (gc.callbacks = [...] rebinds a name, not this)
# the callbacks Python calls as every frame begins, where torch._dynamo sets them (torch.compile): read here, before
_FRAME_CALLBACK = torch._C._dynamo.eval_frame.get_eval_frame_callback  # any learner code could rebind the readers
_DEBUGGER_CALLBACK = getattr(torch._C._dynamo.eval_frame, "get_bytecode_debugger_callback", lambda: None)
_SIGNALS = tuple(signal.valid_signals())
# torch's tables of hooks that run for every module (and optimizer) a test runs
_GLOBAL_HOOKS = tuple((name, table) for module in ("torch.nn.modules.module", "torch.optim.optimizer")
                      for name, table in vars(sys.modules[module]).items()
                      if name.startswith("_global") and type(table) is not bool and isinstance(table, dict))


def _learners_callable(hook) -> bool:
    """Whether calling hook (a function or a bound method) may run the learner's code."""
    if type(hook) is bool:  # (torch's tables that say how a hook is called)
        return False
    return _learners_function(hook.__func__ if type(hook) is types.MethodType else hook)


def _timeout_code() -> tuple[frozenset, dict | None]:
    """pytest-timeout's code and namespace, before any learner code: its SIGALRM handler is a function it makes per
    test."""
    module = sys.modules.get("pytest_timeout")
    if not isinstance(module, types.ModuleType):
        return frozenset(), None
    return _module_code(module), _MODULE_DICT.__get__(module)


def _learners_handler(handler) -> bool:
    """A signal handler that may run the learner's code: not SIG_DFL or SIG_IGN, Python's own, the grader's or
    pytest-timeout's."""
    if handler is None or type(handler) in (int, signal.Handlers, types.BuiltinFunctionType):
        return False
    if type(handler) is types.FunctionType and handler.__code__ in _TIMEOUT[0] and handler.__globals__ is _TIMEOUT[1]:
        return False
    return _learners_callable(handler)


# the namespaces whose functions a test calls to compute what it expects: katas.fixtures undoes learner code's patches
# of them after its import and after every test; the look below compares them too
PATCHABLE = (torch, torch.Tensor, torch.nn.functional, torch.testing, torch.nn.Module, builtins)


def _namespace(ns) -> dict:
    """A module's or a class's namespace, read by ModuleType's or type's own descriptor: vars() asks the object's
    class, which learner code may have made its own (red team 48)."""
    return _MODULE_DICT.__get__(ns) if _is(ns, types.ModuleType) else _class_dict(ns)


_MODULE_DICT = types.ModuleType.__dict__["__dict__"]
_SYS_MODULES = sys.modules  # the dict imports fill (sys.modules = {...} rebinds a name, not this)
_TYPE_DICT = type.__dict__["__dict__"]
_NO_DISPATCH = _static(torch.Tensor, "__torch_dispatch__")  # torch's disabled handler, as Tensor's namespace holds it
MISSING = _MISSING = object()  # what a lookup gives for a name that is not there (graded)


def _module_kinds() -> tuple[list, list, list]:
    """Every module imported now: their names, the modules, their classes."""
    named = list(sys.modules.items())
    return [n for n, _ in named], [m for _, m in named], [type(m) for _, m in named]


_MODULES = _module_kinds()  # before any learner code: torch's, the standard library's and the grader's (see below)

# What the look below compares: the namespaces whose names torch's, Python's and the grader's code read as a test runs
# it after a graded call, as they were before any learner code. A name rebound in one runs learner code there,
# outside the check: red team 71 set torch.nn.modules.pooling.F to a proxy at import, and the test's nn.MaxPool2d
# filled the result with F.max_pool2d; red team 80 set math.inf to a float whose __eq__ filled it when the grader's
# close() read math.inf, and operator.is_ to a function that told this very look "unchanged".
# torch's modules a test runs (layers, optimizers, autograd, the functional API) and those whose names torch's code
# looks up as it runs (red team 77 rebound torch.compiler.is_compiling, torch.jit.is_scripting, torch._C's and
# torch._tensor's): a change there is taken in only when it is torch's own kind of value (_torchs_own)
_TORCH_RUN = ("torch.nn", "torch.optim", "torch.autograd", "torch.functional", "torch.testing", "torch.random",
              "torch.serialization", "torch.utils.data", "torch._C", "torch._tensor", "torch.overrides",
              "torch.compiler", "torch.jit", "torch._jit_internal", "torch._utils", "torch._tensor_str", "torch._ops",
              "torch.utils", "torch._library",  # (red team 95 set methods of classes there that optimizers,
              # no_grad and simgpu's ops run: record_function.__exit__, no_grad's __new__, the registry's find)
              "torch.utils._device")  # (DeviceContext, the one torch mode a call may run beneath: red team 86)
_TORCH_NOT_RUN = ("torch.nn.intrinsic", "torch.nn.quantized", "torch.nn.qat", "torch.nn.quantizable",
                  "torch.nn.parallel", "torch.jit._", "torch.testing._internal", "torch.utils.data.datapipes",
                  "torch.utils.tensorboard", "torch.utils.benchmark", "torch.utils.cpp_extension",
                  "torch.utils._sympy")  # no test runs these: looks cost
# Python's modules no test runs after a call (file formats, parsers, processes) or holding only numbers (errno)
_PYTHON_NOT_RUN = ("ast", "zipfile", "tarfile", "dis", "shutil", "ctypes", "tokenize", "errno", "subprocess",
                   "_posixsubprocess", "multiprocessing", "uuid", "base64", "binascii", "hashlib", "tomllib",
                   "difflib", "textwrap", "fnmatch", "glob", "json", "tempfile", "__future__")
# the modules this look reads through as it judges a change (a code object's file, its text compiled again): any
# change in them is refused outright, judged before the rest
_JUDGES = ("builtins", "types", "operator", "itertools", "functools", "gc", "posixpath", "genericpath", "os",
           "stat", "_io", "marshal", "_imp", "importlib._bootstrap", "importlib._bootstrap_external",
           "importlib.machinery")
# how a change is judged: _torchs_own, _learners_value (a table's keys too), none
_TORCHS, _TORCH_CLASS, _PYTHONS, _TABLE, _JUDGED = "torch", "torch class", "python", "table", "judge"
_HEAPTYPE = 1 << 9  # a class made by Python code (its namespace can be written: a C type's cannot)


def _pythons_own(module) -> bool:
    """A module of Python's standard library: built in, or a file of its own folder (not of site-packages in it)."""
    file = _MODULE_DICT.__get__(module).get("__file__")
    if file is None:
        return True
    real = _real_file(str(file))
    return real.startswith(_STDLIB) and not real.startswith(_SITE)


_STDLIB = tuple({os.path.realpath(sysconfig.get_path(k)) + os.sep for k in ("stdlib", "platstdlib")})
_SITE = tuple({os.path.realpath(sysconfig.get_path(k)) + os.sep for k in ("purelib", "platlib")})


def _classes_of(module) -> list[type]:
    """The classes module's Python code defines (MaxPool2d.forward, Adam.step: code a test runs). C types' and
    torch._C's bound classes are left out: a C type's namespace cannot be written, and looks cost."""
    space = _MODULE_DICT.__get__(module)
    return [c for c in list(space.values()) if isinstance(c, type) and c.__flags__ & _HEAPTYPE and
            _TYPE_DICT.__get__(c).get("__module__") == space.get("__name__") and any(
                type(v) in _CODE_HOLDERS for v in _TYPE_DICT.__get__(c).values())]


# what in a class's namespace runs code (red team 95 set no_grad's __new__, a staticmethod, of a class holding no
# plain function)
_CODE_HOLDERS = (types.FunctionType, staticmethod, classmethod, property)


def _watched() -> list[tuple[object, dict, str, str]]:
    """(namespace, its bindings now, its name, how a change in it is judged), the judges' first: torch's modules a test
    runs with the classes they define, and Python's own modules whose names their code or the grader's reads (math,
    warnings, contextlib: those bound in them as a module)."""
    torchs, graders = [], []
    for name, m in list(sys.modules.items()):
        if not isinstance(m, types.ModuleType):
            continue
        if name == "torch" or name.startswith(_TORCH_RUN) and not name.startswith(_TORCH_NOT_RUN):
            torchs.append(m)
        elif name.startswith("katas"):
            graders.append(m)
    read = {id(m): m for space in map(_MODULE_DICT.__get__, torchs + graders) for m in list(space.values())
            if isinstance(m, types.ModuleType) and not str(_MODULE_DICT.__get__(m).get("__name__")).startswith(
                ("torch", "katas", "__main__")) and str(_MODULE_DICT.__get__(m).get("__name__")).split(".")[0]
            not in _PYTHON_NOT_RUN and _pythons_own(m)}
    judges = [m for name, m in list(sys.modules.items()) if name in _JUDGES and isinstance(m, types.ModuleType)]
    out = [(table, dict(table), label, _TABLE) for label, table in _tables()]
    for m, kind in [*((m, _JUDGED) for m in judges), *((m, _TORCHS) for m in torchs),
                    *((m, _PYTHONS) for m in read.values() if m not in judges)]:
        space = _MODULE_DICT.__get__(m)
        out.append((space, dict(space), str(space.get("__name__")), kind))
        for c in _classes_of(m) if kind == _TORCHS else ():
            own = _own_dict(c)
            out.append((own, dict(own), f"{space.get('__name__')}.{c.__qualname__}", _TORCH_CLASS))
    return out


def _own_dict(cls: type) -> dict:
    """The dict behind a class's namespace proxy (compared faster than the proxy, and the one whose version moves)."""
    return next(d for d in gc.get_referents(_TYPE_DICT.__get__(cls)) if type(d) is dict)


def _tables() -> list[tuple[str, dict]]:
    """The tables Python's code looks up what to call in, changed in place rather than rebound: copy's and pickle's
    reducers (red team 83 put one of its own for Tensor in copyreg.dispatch_table; a test copies nets)."""
    import copy
    import copyreg

    return [("copyreg.dispatch_table", copyreg.dispatch_table), ("copy._copy_dispatch", copy._copy_dispatch),
            ("copy._deepcopy_dispatch", copy._deepcopy_dispatch)]


# and the import machinery's lists: a finder or hook of the code's own would run it at torch's next lazy import
_LISTS = {"sys.meta_path": sys.meta_path, "sys.path_hooks": sys.path_hooks}
_LISTS_WERE = {label: list(entries) for label, entries in _LISTS.items()}


def _relisted() -> str | None:
    """The first of _LISTS holding an entry of the learner's that it did not hold before (else they are taken in)."""
    for label, now in _LISTS.items():
        was = _LISTS_WERE[label]
        if len(now) != len(was) or not all(map(is_, now, was)):
            if any(_learners_entry(v) for v in list(now) if not any(map(is_, was, repeat(v)))):
                return label
            was[:] = now
    return None


def _learners_entry(v) -> bool:
    """A finder or hook of the learner's: a function of its code, or an object of a class with its code (by the class
    alone: pytest's rewriting hook holds its whole configuration)."""
    if type(v) is types.FunctionType:
        return _learners_function(v, library=True)
    return _of_learners_classes(v)


def _of_learners_classes(v) -> bool:
    """Whether v, a class, or v's class, has (in its own or a base's namespace) a function of learner code's; a C
    type's namespace holds no Python code."""
    classes = type.__dict__["__mro__"].__get__(v if _is(v, type) else type(v))
    return any(_learners_class(c, library=True) for c in classes if c.__flags__ & _HEAPTYPE)


_PRISTINE = _watched()
_WATCHED = [now for now, *_ in _PRISTINE]
_VERSION_AT = object.__basicsize__ + ctypes.sizeof(ctypes.c_ssize_t)  # a dict's version: after its header and size


class _Versions:
    """The versions of dicts (PEP 509's, which CPython moves on at every change to a dict), read from their headers
    through one view of memory: all in one C call, the values never touched (comparing 15,000 values object by object
    cost a guarded call 0.15-0.3 ms, mostly in cache misses)."""

    def __init__(self, dicts: list):
        base = min(map(id, dicts)) & ~7
        span = (max(map(id, dicts)) + _VERSION_AT + 8 - base) // 8
        self.words = memoryview((ctypes.c_uint64 * span).from_address(base)).cast("B").cast("Q")
        self.at = [(id(d) + _VERSION_AT - base) // 8 for d in dicts]
        self.read = itemgetter(*self.at, self.at[0])  # (a tuple even for one dict; the last one dropped)

    def all(self) -> tuple:
        return self.read(self.words)[:-1]

    def one(self, i: int) -> int:
        return self.words[self.at[i]]


def _versions_move() -> bool:
    """Whether this Python keeps dict versions where _Versions reads them, moved on by a value replaced and not by a
    read (CPython 3.10 to 3.13; 3.14 keeps none): else the look compares every value."""
    probe = {"x": 0}
    try:
        versions = _Versions([probe])
        before = versions.all()
        probe.get("x")
        unread = versions.all() == before
        probe["x"] = 1
        return unread and versions.all() != before
    except (ValueError, TypeError, OverflowError):
        return False


_VERSIONS = _Versions(_WATCHED) if _versions_move() else None


def _changed() -> tuple[list[int] | range, tuple | None]:
    """The watched namespaces that may have changed since the last look (in a Python without versions, all), and
    their versions now, to be kept once judged."""
    if _VERSIONS is None:
        return range(len(_PRISTINE)), None
    now = _VERSIONS.all()
    return ([] if now == _HELD_VERSIONS[0] else list(compress(count(), map(ne, now, _HELD_VERSIONS[0])))), now


_HELD_VERSIONS: list = [_VERSIONS.all() if _VERSIONS else None]


_CLASS_SLOTS = [i for i, watched in enumerate(_PRISTINE) if watched[3] == _TORCH_CLASS]


def _class_versions() -> tuple | None:
    """The versions of torch's classes' namespaces now (None in a Python without them)."""
    return None if _VERSIONS is None else _VERSIONS.all()


def _class_moved(before: tuple | None) -> str | None:
    """The first of torch's classes whose namespace changed since before, put back or not: an attribute learner code
    puts on one for the length of a call runs where torch reads it, inside the guard's own handlers with both modes
    popped (red team 127's __name__ property on OpOverload, its elem descriptor on Tensor, each removed before the
    call returned, and the look after it saw nothing)."""
    if before is None:
        return None
    now = _VERSIONS.all()
    for i in _CLASS_SLOTS:
        if now[i] != before[i]:
            namespace, was, label, _ = _PRISTINE[i]
            counters = _CLASS_COUNTERS.get(label, ())
            if not counters or any(namespace.get(k, _MISSING) is not v
                                   for k, v in dict.items(was) if k not in counters):
                return label
    return None


# class attributes torch itself moves on at run time (a hook's handle numbers itself from one), and nothing else of
# their classes changed: no handler of the guard's reads those classes
_CLASS_COUNTERS = {"torch.utils.hooks.RemovableHandle": frozenset({"next_id"})}


def _own_change(owners: tuple[int, ...], change) -> None:
    """Run change(), which changes only the watched namespaces at owners (their indices): the guard's stand-ins in
    torch._C and Optimizer, the flags torch sets as the guard's modes go on and off. Where nothing else changed one of
    them since the last look, its version moves on with the change: a guarded call's own changes cost no look at
    torch._C's 1,120 names."""
    unchanged = [i for i in owners if _VERSIONS is not None and _VERSIONS.one(i) == _HELD_VERSIONS[0][i]]
    change()
    if unchanged:
        held = list(_HELD_VERSIONS[0])
        for i in unchanged:
            held[i] = _VERSIONS.one(i)
        _HELD_VERSIONS[0] = tuple(held)


def _set_own(owner, name: str, value) -> None:
    """Bind one of the guard's stand-ins in owner (torch._C, torch.optim.Optimizer), or put torch's back."""
    if _namespace(owner).get(name, _MISSING) is not value:
        _own_change(_OWNERS.get(id(owner), ()), lambda: setattr(owner, name, value))


def _owners() -> dict[int, tuple[int, ...]]:
    """id(torch._C), id(Optimizer), id(torch.utils._python_dispatch) -> the index of their namespaces among the
    watched (none where one is not watched)."""
    at = {id(space): i for i, space in enumerate(_WATCHED)}
    dispatch = sys.modules["torch.utils._python_dispatch"]
    spaces = {torch._C: _MODULE_DICT.__get__(torch._C), dispatch: _MODULE_DICT.__get__(dispatch),
              torch.optim.Optimizer: _own_dict(torch.optim.Optimizer)}
    return {id(owner): (at[id(space)],) if id(space) in at else () for owner, space in spaces.items()}


_OWNERS = _owners()
_MODE_FLAGS = _OWNERS[id(sys.modules["torch.utils._python_dispatch"])]


def _rebound() -> str | None:
    """The first name of the watched namespaces bound to another object than before any learner code ran, as its
    namespace's rule judges it; torch's lazy imports, torch's, Python's and pytest's own rebinding are taken in.
    Everything it calls reads only what this module bound before learner code ran (red team 80's operator.is_)."""
    relisted = _relisted()
    if relisted:
        return relisted
    changed, versions = _changed()
    for now, was, label, kind in map(_PRISTINE.__getitem__, changed):  # (a test's warnings caught, a lazy import)
        if _same_bindings(now, was):
            continue
        for name in list(now.keys()):  # (a key of another class: its hash and comparison are code)
            if type(name) is not str and (kind != _TABLE or name not in was and _learners_value(name)):
                return f"{label:.60}'s keys"
        for name, value in list(dict.items(was)):
            new = now.get(name, _MISSING)
            if new is value:
                continue
            if new is _MISSING and kind == _PYTHONS:  # nothing to run
                del was[name]
            elif _acceptable(new, kind, value, label, name):
                was[name] = new
            else:
                return f"{label:.60}{_said(name)}"
        for name in list(now.keys()):  # added: torch's and Python's lazy imports; a builtin's name shadows it
            if name not in was:
                if name in _BUILTIN_NAMES or not _acceptable(now[name], kind, _MISSING, label, name):
                    return f"{label:.60}{_said(name)}"
                was[name] = now[name]
        if not all(map(is_, now.keys(), dict.keys(was))):  # the namespace's order, for the fast compare
            was.clear()
            was.update(now)
    _HELD_VERSIONS[0] = versions
    return None


def _said(name) -> str:
    """A namespace's name, or a table's key, as a message says it."""
    return f".{name:.40}" if type(name) is str else f"[{_name(name) if _is(name, type) else type(name).__name__}]"


def _acceptable(value, kind: str, old=_MISSING, where: str = "", name: object = None) -> bool:
    """Whether value, bound in a namespace of kind where old was (_MISSING: a name added), is taken in. torch's own
    functions count as a change too where torch rebinds none: red team 92 gave torch.nn.Parameter a detach of torch's
    (F.softmax, a partialmethod of F.max_pool2d, a property reading one off the result), and the test's comparison
    ran it on the result after the call."""
    if kind == _TORCHS:
        return _torchs_own(value, old)
    if kind == _TORCH_CLASS:  # plain data (copyreg's __slotnames__), torch's wrapper of the method (Adam.step's), or
        return _plain_data(value) or wraps(value, old, name) or _own_property(value, where)  # a property of the class's
    if kind == _PYTHONS:
        return not _learners_value(value, torchs=True)
    if kind == _TABLE:  # (torch's own reducers, added as it imports)
        return not _learners_value(value)
    return _is(value, types.ModuleType) and _as_imported(value)  # a judge's: only a submodule imported since


def _plain_data(value) -> bool:
    """A number, string, flag, device or dtype, or a list or tuple of plain values: nothing in it runs."""
    if type(value) in (list, tuple):
        return len(value) <= 1_000 and all(type(v) in _SCALARS for v in value)
    return type(value) in _SCALARS or type(value) in (torch.device, torch.dtype)


def wraps(new, old, name: object = None) -> bool:
    """Whether new is a function of torch's own that wraps old (functools.wraps' __wrapped__, followed 8 deep), or, with
    name, torch's own function of that name (an optimizer class's step hooked at its first use wraps its base's step,
    AdamW's Adam.step): how torch hooks its methods."""
    for _ in range(8):
        if type(new) is not types.FunctionType or _learners_function(new):
            return False
        new = _FUNCTION_DICT.__get__(new).get("__wrapped__", _MISSING)
        if new is old and old is not _MISSING or type(new) is types.FunctionType and type(name) is str and \
                _FUNCTION_NAME.__get__(new) == name and not _learners_function(new):
            return True
    return False


_FUNCTION_NAME = types.FunctionType.__dict__["__name__"]


_FUNCTION_DICT = types.FunctionType.__dict__["__dict__"]


def _own_property(value, cls: str) -> bool:
    """A property whose functions are torch's code of the module of the class cls names (torch.compiler._cache
    registers CacheInfo's properties again as torch._dynamo is imported)."""
    return type(value) is property and all(
        f is None or type(f) is types.FunctionType and not _learners_function(f) and _torch_file(
            _file_of(f.__code__)) and cls.startswith(f"{dict.get(f.__globals__, '__name__')}.")
        for f in (value.fget, value.fset, value.fdel))


# the last guarded call's exit compared them and found them as they were: the next call's entry need not (a training
# test makes thousands of calls)
_as_they_were = [False]


_BUILTIN_NAMES = frozenset(name for name in vars(builtins) if not name.startswith("__"))
_SCALARS = (bool, int, float, complex, str, bytes, type(None))  # (_PLAIN, for torch calls, holds torch's kinds too)


def _torchs_own(value, old=_MISSING) -> bool:
    """A value torch may bind in its modules itself: a module as imported, a plain number, string or flag (no code of
    anyone's runs through one: torch.compiler._is_compiling_flag), or torch's own wrapper of the function there."""
    if type(value) in _SCALARS or type(value) in (torch.device, torch.dtype):  # (set_default_device sets a device)
        return True
    if type(value) is types.FunctionType:
        return wraps(value, old)
    return _is(value, types.ModuleType) and _as_imported(value)


def _as_imported(module) -> bool:
    return type(module) is types.ModuleType and _SYS_MODULES.get(_MODULE_DICT.__get__(module).get("__name__")) is module


def _learners_value(value, torchs: bool = False) -> bool:
    """Whether reading, calling or comparing value may run the learner's code: a function of its code, a class or an
    object of a class with its code in it (a float whose __eq__ is its own), or a value that holds one (a
    functools.partial, a bound method, a list), or a value too deep or too large to tell (past 6 steps or 2,000
    objects): what Python's own namespaces must not hold. Python's, pytest's and torch's own values (pytest's
    sys.stdout, warnings' filters, the list warnings.catch_warnings appends to) are none of these."""
    todo, seen = [(value, 0)], {}  # id -> object, held: an id is not given again during the walk
    while todo:
        value, depth = todo.pop()
        t = type(value)
        if t in _SCALARS or t is types.ModuleType or id(value) in seen or _appends(value):
            continue
        if depth > 6 or len(seen) >= 2_000:  # past what a look may read: red team 83 hid a function behind 3,000
            return True  # objects, and 8 partials deep
        seen[id(value)] = value
        if t is types.FunctionType:
            if _learners_function(value, library=True) or torchs and _torch_file(_file_of(value.__code__)):
                return True
            continue
        if torchs and (t is types.BuiltinFunctionType and _torch_file(str(_module_of(value))) or
                       _is(value, (torch._ops.OpOverload, torch._ops.OpOverloadPacket))):
            return True  # (and, torchs, a function of torch's: red team 92's torch shortcut in a Python module)
        if _of_learners_classes(value):
            return True
        if not _is(value, type):
            todo.extend((v, depth + 1) for v in gc.get_referents(value))
    return False


def _torch_file(name: str) -> bool:
    return _real_file(name).startswith(_TORCH_DIR) or name.startswith("torch")


def _module_of(builtin) -> object:
    """A builtin function's module name, read from the function itself (its __module__ is a plain attribute)."""
    self = builtin.__self__
    return _MODULE_DICT.__get__(self).get("__name__") if _is(self, types.ModuleType) else type(builtin).__module__


def _appends(value) -> bool:
    """A list's own append: it runs no code of what the list holds (warnings.catch_warnings binds its log's)."""
    return type(value) is types.BuiltinMethodType and type(value.__self__) is list and value.__name__ == "append"


def _reclassed_module(saved: tuple[list, list]) -> str | None:
    """A module whose class changed since saved (red team 48 set torch.nn.functional.__class__ to a class whose
    __getattribute__ ran F.conv2d into the result when the test next read F.conv2d): its name and __class__. The
    modules imported when this one was: the test reads torch's, the standard library's and its own, all there."""
    names, modules, kinds = saved
    if not _RECLASSED:  # (the audit hook notes every module's __class__ set: no look at 1,200 modules a call)
        return None
    if all(map(is_, map(type, modules), kinds)):
        return None
    return next(f"{str.__str__(name)[:60]}.__class__" for name, m, kind in zip(names, modules, kinds, strict=True)
                if type(m) is not kind)


def _rebound_before(active: _Active, name: str, how: tuple[str, str] = ("replaced", "被替换")) -> ForbiddenCall:
    return active.refuse(ForbiddenCall(
        f"{active.exercise} ran with {name} {how[0]} (at import, or in an earlier call): the test runs torch's code "
        "after yours returns, outside the from-scratch check, and a replaced name there would run your code, and "
        "torch's own for you; leave torch's and Python's modules as they are",
        f"{active.exercise} 运行时 {name} 已{how[1]}（在导入时或上一次调用中）：你的函数返回后测试会运行 torch 的"
        "代码，那里不受从零实现检查的约束，被替换的名字会在那里运行你的代码，替你调用 torch 自己的实现；"
        "请保持 torch 和 Python 的模块原样",
    ))


def _patched(active: _Active, name: str) -> ForbiddenCall:
    return active.refuse(ForbiddenCall(
        f"{active.exercise} replaced {name} while it ran: a graded function leaves torch and Python's modules as it "
        "found them (the test calls torch after yours returns, outside the from-scratch check, and a replaced name "
        "would run your code there, and torch's own for you)",
        f"{active.exercise} 在运行时替换了 {name}：被批改的函数要让 torch 和 Python 的模块保持原样（你的函数返回后"
        "测试会调用 torch，那里不受从零实现检查的约束，被替换的名字会在那里运行你的代码，替你运行 torch 自己的代码）",
    ))


@contextlib.contextmanager
def forbidden(keys: tuple[str, ...], exercise: str) -> Iterator[None]:
    """Within the block, the shortcuts named by catalogue keys raise ForbiddenCall, in every thread
    the block starts; a refusal that learner code caught (or a thread swallowed) is raised at the end."""
    active = _Active(keys, exercise)
    if getattr(_local, "active", None) is not None or not _guards(keys):
        yield  # a guarded layer's forward inside its guarded __call__: one guard is enough
        return
    unseen = _runs_unseen()
    if unseen:
        raise _later(active, unseen)
    # learner code at import: the first call's looks; after it, each call's exit looks
    own = None if _as_they_were[0] else _reclassed_module(_MODULES)
    if own:  # red team 48 ran F.conv2d into the result from a class of its own given to torch.nn.functional
        raise _hidden(active, f"with {own} set to a class of its own, whose code every read of the module runs")
    rebound = None if _as_they_were[0] else _rebound()
    if rebound:
        raise _rebound_before(active, rebound)
    foreign, beneath = _foreign_modes(), _modes()
    if foreign:  # beneath the check, a mode sees every op it lets through and runs what it likes unseen (red team 13)
        raise _hidden(active, f"beneath a torch mode of its own ({foreign[0][:40]}), entered earlier")
    if any(cls.__call__ is not call for cls, call in _SCRIPT_CALLS.items()):
        raise _hidden(active, "TorchScript with its own call put back (torch._C.ScriptFunction.__call__)")
    changed = _registrars_changed()
    if changed:
        raise _hidden(active, f"with torch's registrar put back ({changed})")
    if "*" in _own_kernels:  # a Python kernel keyed by a mode's class runs instead of that mode's handler
        raise _own_kernel(None, active)
    if torch._C._autograd._top_saved_tensors_default_hooks(False) is not None:  # pushed at import, never popped
        raise _later(active, "saved-tensor hooks (torch.autograd.graph.saved_tensors_hooks), entered earlier")
    opt = torch.optim.Optimizer
    saved = opt.__init__, torch._C._DisableTorchDispatch
    threads, tasks = set(sys._current_frames()), _last_task()
    _STARTED.clear()  # the threads the wrapper starts during this call (an id taken earlier may be given again)
    if _hooks_refused:
        raise active.refuse(_audit_hook(exercise))
    if _swapped:
        raise _rebound_before(active, _swapped[0], ("set by your code (refused: it was left as it was)",
                                                    "被你的代码修改（已拒绝，保持原样）"))
    if _TEST_PROCESS and os.getpid() != _TEST_PROCESS[0]:
        raise _not_the_test_process(active)
    if len(threads) > 1 or _frameless_threads(len(threads)):  # grading runs one thread: any other is the learner's,
        # and no mode of ours is in it
        raise _earlier_thread(active, [t.name for t in threading.enumerate() if t is not threading.current_thread()])
    others = [] if tasks is not None and tasks == _ALONE_AT[0] else _other_processes()
    if others:  # likewise a process (red team 15 forked one at import to compute torch.softmax for it)
        raise _earlier_process(active, others[0])
    _ALONE_AT[0] = tasks  # (no task made since, the newest id the same: no process can have come)
    ffi = _foreign_functions()
    if ffi:
        raise _hidden(active, ffi)

    def refuse(self, *args, **kwargs):
        raise active.refuse(_forbidden(f"torch.optim.{type(self).__name__}", exercise))

    if active.optim:
        _set_own(opt, "__init__", refuse)
    _set_own(torch._C, "_DisableTorchDispatch", _escape_hatch(exercise))
    active.entry = _entry()
    classes = _class_versions()
    collecting = gc.isenabled()
    gc.disable()  # (see _collected); the count after it: any allocation before it may start a collection
    collected = _collections()
    _guarding.append(active)
    try:
        try:
            with active.modes():
                yield
        except Exception:  # a refusal the learner's code caught explains whatever failed after it
            if active.refused:
                raise active.refused[0] from None
            raise
        moved = _class_moved(classes)  # (before the look below takes in what it accepts; said after it, which names a
        # change left in place the more closely)
        if active.optim and opt.__init__ is not refuse:
            raise _forbidden("torch.optim (it put torch.optim.Optimizer.__init__ back)", exercise)
        if active.refused:
            raise active.refused[0]
        if _collections() != collected or gc.isenabled():
            raise _collected(active)
        changed = _registrars_changed()
        if changed:
            raise _hidden(active, f"with torch's registrar put back ({changed})")
        left = _hooks_left(active)
        if left:
            raise left
        now = _modes()
        if len(now) != len(beneath) or not all(map(is_, now, beneath)) or _foreign_modes():
            raise _hidden(active, "with a torch mode it put beneath the check (or a handler it gave one there)")
        # the guard's own stand-ins out of torch._C and Optimizer before they are compared
        _set_own(opt, "__init__", saved[0])
        _set_own(torch._C, "_DisableTorchDispatch", saved[1])
        unwrapped = _unwrapped_threads(threads)
        if unwrapped:
            raise ForbiddenCall(
                f"{exercise} started a thread ({unwrapped[0]}) around threading, which would run outside "
                "the from-scratch guard: start threads with threading.Thread",
                f"{exercise} 绕过 threading 启动了线程（{unwrapped[0]}），它不受从零实现检查的约束："
                "请用 threading.Thread 启动线程",
            )
        running = [t.name for t in threading.enumerate() if t.ident not in threads]
        if running or len(sys._current_frames()) > len(threads) or _frameless_threads(len(threads)):  # before the
            # look: a thread that ended is done
            raise _left_running(active, running)  # (red team 83's waited for the look, then replaced Tensor.detach)
        unseen = _runs_unseen()  # (before the look, which would see threading's hook only as a name rebound)
        if unseen:
            raise _later(active, unseen)
        _as_they_were[0] = False
        replaced = _reclassed_module(_MODULES) or _rebound()
        _as_they_were[0] = not replaced
        if replaced:  # red team 21: torch.softmax replaced by a function that later filled the result with torch's
            raise _patched(active, replaced)
        if moved:
            raise _hidden(active, f"a change to torch's class {moved:.60}, made and undone during the call")
        ffi = _foreign_functions()
        if ffi:  # loaded during the call
            raise _hidden(active, ffi)
        ended = _ended_around(tasks)
        if ended is not None:
            raise _c_thread(active, ended)
    finally:
        if collecting:
            gc.enable()
        _guarding.remove(active)
        _set_own(opt, "__init__", saved[0])
        _set_own(torch._C, "_DisableTorchDispatch", saved[1])
        active.entry = None  # a frame kept alive would keep its tensors


def _collections() -> int:
    return sum(generation["collections"] for generation in _GC_STATS())


_GC_STATS = gc.get_stats


def _collected(active: _Active) -> ForbiddenCall:
    """Python's cyclic garbage collector is off for a guarded call: the finalizers of what it collects run wherever it
    runs, in a handler of the guard's or a kernel, with both modes off (see _InKernel). Code that switched it on or
    ran it there is refused, whether or not it ran anything."""
    return active.refuse(ForbiddenCall(
        f"{active.exercise} ran Python's garbage collector during a from-scratch call (gc.enable or gc.collect), "
        "whose finalizers can run inside torch's ops where the check cannot see them: leave gc as it is",
        f"{active.exercise} 在从零实现的调用中运行了 Python 的垃圾回收（gc.enable 或 gc.collect），"
        "它运行的终结器可能落在检查看不到的 torch 算子内部：请不要改动 gc",
    ))


def _is(obj, classes) -> bool:
    """isinstance from type(obj) alone: isinstance asks obj.__class__ too, which a class of the learner's may make a
    property that runs its code (red team 23)."""
    return issubclass(type(obj), classes)


def _contents(obj, depth: int = 0) -> Iterator:
    """The values in obj and in the lists, tuples and dicts in it, 3 deep, read with the base classes' own methods (a
    subclass's are refused by _plain_result)."""
    if _is(obj, (list, tuple, dict)):
        if depth < 3:
            items = dict.values(obj) if _is(obj, dict) else tuple.__iter__(obj) if _is(obj, tuple) else \
                list.__iter__(obj)
            for x in items:
                yield from _contents(x, depth + 1)
    else:
        yield obj


def _tensors(obj) -> Iterator[torch.Tensor]:
    """The tensors in obj and the lists, tuples and dicts in it."""
    return (x for x in _contents(obj) if _is(x, torch.Tensor))


_READS = ("__iter__", "__getitem__", "__len__", "__contains__", "__reversed__", "__getattribute__", "__eq__",
          "values", "items", "keys", "get", "index", "count")  # of those the base class has


_C_METHODS = (types.BuiltinFunctionType, types.MethodDescriptorType, types.WrapperDescriptorType,
              types.MethodWrapperType, types.ClassMethodDescriptorType)


def _lazy(obj, depth: int = 0) -> str | None:
    """The first list, tuple or dict in obj (nested too) of a class that reads its items with code of its own: the
    test reads them after the from-scratch check (red team 17 computed torch.lstm_cell in a tuple's __iter__)."""
    for base in (tuple, list, dict):
        if _is(obj, base):
            own = next((m for m in _READS if hasattr(base, m) and getattr(type(obj), m) is not getattr(base, m)
                        and not isinstance(getattr(type(obj), m), _C_METHODS)), None)  # OrderedDict's are C
            if own is not None:
                return f"{type(obj).__name__[:40]}.{own}"
            if depth < 3:
                items = dict.values(obj) if base is dict else base.__iter__(obj)
                return next((found for x in items if (found := _lazy(x, depth + 1))), None)
    return None


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


_OWN_FUNCTION = (torch.Tensor.__torch_function__.__func__, torch._C._disabled_torch_function_impl)


def _plain_result(out, keys: tuple[str, ...], exercise: str) -> None:
    """Refuse a tensor in out that brings code of its own to run when the test uses it, after the from-scratch check:
    a class with its own __torch_function__ (red team 10 returned `X + 0` re-classed to compute F.softmax on first
    use), or a method of Tensor's shadowed by its class or on the tensor itself (red team 12: `out.detach = lambda:
    torch.softmax(X)`, which the test's comparison calls). Read from type() and the instance's __dict__, which run
    none of the tensor's own code."""
    if not _guards(keys):
        return
    lazy = _lazy(out)
    if lazy:
        raise ForbiddenCall(
            f"{exercise} returned a container whose {lazy} is its own code, which runs when the test reads the result, "
            "after the from-scratch check: return a plain tuple, list or dict",
            f"{exercise} 返回的容器的 {lazy} 是自己的代码，它会在测试读取结果时、从零实现的检查之后才运行："
            "请返回普通的 tuple、list 或 dict",
        )
    own = _own_values(out)
    if own:
        raise ForbiddenCall(
            f"{exercise} returned a value of a class of its own ({own}) whose code runs when the test compares or "
            "reads it, after the from-scratch check: return plain numbers, tuples and tensors",
            f"{exercise} 返回了自定义类（{own}）的值，它的代码会在测试比较或读取它时、从零实现的检查之后运行："
            "请返回普通的数、元组和张量")
    for t in _tensors(out):
        handler = getattr(type(t), "__torch_function__", None)
        if getattr(handler, "__func__", handler) not in _OWN_FUNCTION:
            name = type(t).__name__[:40]
            raise ForbiddenCall(
                f"{exercise} returned a tensor of a class of its own ({name}) with its own __torch_function__, which "
                "runs when the test uses the result, after the from-scratch check: return a plain tensor",
                f"{exercise} 返回了自定义类（{name}）的张量，它自带的 __torch_function__ 会在测试使用结果时、"
                "从零实现的检查之后才运行：请返回普通张量",
            )
        if _foreign_memory(t):
            raise ForbiddenCall(
                f"{exercise} returned a tensor over memory torch did not allocate (a numpy array's or an address's: "
                "torch.from_numpy, torch.as_tensor of an array, torch.frombuffer), which torch may give to a tensor "
                "the test computes after the from-scratch check: return a tensor torch made (torch.tensor copies)",
                f"{exercise} 返回的张量所用的内存不是 torch 分配的（来自 numpy 数组或某个地址：torch.from_numpy、"
                "对数组用 torch.as_tensor、torch.frombuffer），torch 之后可能把这块内存交给测试在从零实现检查之外"
                "计算的张量：请返回由 torch 创建的张量（torch.tensor 会复制）")
        hook = _own_hook(t)
        if hook:
            raise ForbiddenCall(
                f"{exercise} returned a tensor with a {hook} of its own, which a backward the test starts runs after "
                "the from-scratch check: return a plain tensor",
                f"{exercise} 返回的张量带有自己的钩子（{hook}），测试之后发起的反向传播会在从零实现的检查之外运行它："
                "请返回普通张量")
        shadowed = _shadowed(t)
        if shadowed:
            raise ForbiddenCall(
                f"{exercise} returned a tensor whose {shadowed} is its own code, not Tensor's: it runs when the test "
                "uses the result, after the from-scratch check; return a plain tensor",
                f"{exercise} 返回的张量的 {shadowed} 被换成了自己的代码：它会在测试使用结果时、"
                "从零实现的检查之后才运行；请返回普通张量",
            )


def _foreign_memory(t) -> bool:
    """Whether t's data (a simulated GPU tensor's inside) lies in memory torch did not allocate: such storage cannot
    be resized. Red team 74 returned a tensor over a block torch had freed (a numpy view of its address), and the
    test's own torch.softmax, computed after the call into that block, made the result right."""
    inner = _OWN(t).get("elem", t) if type(t) is SimTensor else t
    try:
        for _ in range(8):  # a functional wrapper's own storage is torch's, whatever memory its inside points at (red
            if not (_is(inner, torch.Tensor) and torch._is_functional_tensor(inner)):  # team 107 swapped that for a
                break  # block torch had freed)
            inner = torch._from_functional_tensor(inner)
        else:
            return True
        return _is(inner, torch.Tensor) and not torch.Tensor.untyped_storage(inner).resizable()
    except (RuntimeError, NotImplementedError):  # a tensor with no storage (meta, a functional wrapper)
        return False


def _kinds(obj) -> list[tuple[object, type]]:
    """Each object reachable from obj, with its class now: the items of lists, tuples and dicts (keys too, read with
    the base classes' own methods) and the attributes of a namespace or a layer (red team 50 swapped the parameters
    in a SimpleNamespace's list for objects whose .grad ran clip_grad_norm_), 6 deep and 4,096 in all."""
    found, todo, seen = [], [(obj, 0)], set()
    while todo and len(found) < 4096:
        x, depth = todo.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        found.append((x, type(x)))
        if depth >= 6:
            continue
        if _is(x, tuple):
            todo.extend((y, depth + 1) for y in tuple.__iter__(x))
        elif _is(x, list):
            todo.extend((y, depth + 1) for y in list.__iter__(x))
        elif _is(x, dict):
            todo.extend((y, depth + 1) for y in (*dict.keys(x), *dict.values(x)))
        elif _is(x, (types.SimpleNamespace, torch.nn.Module)):
            with contextlib.suppress(Exception):
                todo.extend((y, depth + 1) for y in dict.values(object.__getattribute__(x, "__dict__")))
    return found


def _plain_arguments(given: list[tuple[object, type]], now, keys: tuple[str, ...], exercise: str) -> None:
    """Refuse a call that left code of its own in the test's arguments (now: what they hold after it), to run when the
    test next uses them, after the from-scratch check: an argument's class changed, a tensor's method set on one, a
    hook of its own on a tensor, or a value of a class of its own put into one (red team 48: X.detach set on the input
    filled the result with torch.softmax when the test computed what it expected; X.__class__ set to a class whose
    __torch_function__ ran F.max_pool2d, and torch's Adam step on the parameters; red team 50: an int of its own as
    hyperparams["t"], whose __eq__ stepped torch's Adam)."""
    if not _guards(keys):
        return
    before = {id(obj) for obj, _ in given}
    for obj, kind in given:
        if type(obj) is not kind:
            _left(exercise, f"changed the class of its argument ({_name(kind)} to {_name(type(obj))})")
    for obj, _ in _kinds(now):
        if _is(obj, torch.Tensor):
            shadowed, hook = _shadowed(obj), _own_hook(obj)
            if shadowed or hook:
                _left(exercise, f"changed its argument tensor's {shadowed}" if shadowed else
                      f"left a {hook} on an argument tensor")
        elif id(obj) not in before and _own_value(obj):
            _left(exercise, f"left a value of a class of its own ({_own_value(obj)}) in its argument")


def _left(exercise: str, what: str):
    raise ForbiddenCall(
        f"{exercise} {what}, code of its own that would run when the test uses the argument after the from-scratch "
        "check: leave the arguments' classes, methods and contents as they were",
        f"{exercise} 在参数中留下了自己的代码（{what}）：测试在从零实现的检查之后使用该参数时它就会运行；"
        "请让参数的类、方法和内容保持原样")


def _own_hook(t: torch.Tensor) -> str | None:
    """A hook a backward would run (register_hook, register_post_accumulate_grad_hook) that is no function of torch's
    or the grader's: a backward the test starts after the call runs it (red team 50 had F.conv2d's backward give
    corr2d's gradients, and torch's Adam step run in train_ch11's backward)."""
    for kind, hooks in (("hook", t._backward_hooks), ("gradient-accumulation hook", t._post_accumulate_grad_hooks)):
        if hooks and any(_learners_code(h) or not isinstance(h, types.FunctionType) for h in dict.values(hooks)):
            return kind
    return None


def _name(cls: type) -> str:
    return str.__str__(type.__dict__["__name__"].__get__(cls))[:40]  # a metaclass may make __name__ its own code


def _own_values(obj) -> str | None:
    """The class of the first value in obj (in the lists, tuples and dicts in it) that is neither a tensor nor a
    layer and whose class runs code of the learner's: the test compares and reads it after the from-scratch check
    (red team 48 returned a tuple of ints whose __eq__ asked F.conv2d for the right shape)."""
    return next((found for x in _contents(obj) if (found := _own_value(x))), None)


def _own_value(obj) -> str | None:
    """The name of obj's class if code of the learner's runs in it, for a value that is no tensor, layer, generator or
    graded object (their code is checked otherwise)."""
    if _is(obj, (torch.Tensor, torch.nn.Module)) or inspect.isgenerator(obj) or type(obj) in _GRADED:
        return None
    return next((_name(c) for c in type.__dict__["__mro__"].__get__(type(obj)) if _runs_learners_code(c)), None)


def _runs_learners_code(c: type) -> bool:
    """Whether a function of c that runs on an object made already is neither torch's, the grader's, Python's nor an
    installed package's own code (making one, __new__ and __init__, happened in the call: a namedtuple's __new__)."""
    return any(not _library_code(f.__code__) and _learners_code(f) for name, v in _class_dict(c).items()
               if name not in ("__new__", "__init__")
               for f in ((v.fget, v.fset, v.fdel) if isinstance(v, property) else (getattr(v, "__func__", v),))
               if isinstance(f, types.FunctionType))


_LIBRARY = tuple({os.path.realpath(sysconfig.get_path(k)) + os.sep for k in ("stdlib", "platstdlib", "purelib",
                                                                              "platlib")})


def _library_code(code: types.CodeType) -> bool:
    """Code of Python's own library or an installed package, as that file's text makes it (or, for a module frozen
    into Python, codecs' and os', its frozen code)."""
    real = _real_file(code.co_filename)
    if not _plain_code(code):  # (hashing it hashes its constants: see _plain_code)
        return False
    if real.startswith("<frozen ") and real.endswith(">"):
        return code in _frozen(real[len("<frozen "):-1])
    return real.startswith(_LIBRARY) and code in _made_of(real)


@functools.lru_cache(maxsize=64)
def _frozen(name: str) -> frozenset[types.CodeType]:
    try:
        return _nested(_imp.get_frozen_object(name))
    except ImportError:
        return frozenset()


def _shadowed(t: torch.Tensor) -> str | None:
    """The first of Tensor's attributes that t's class (below torch's and katas' own) or t itself replaces."""
    simdevice = sys.modules.get("katas.simdevice")
    for cls in type(t).__mro__:
        if cls in _TRUSTED_CLASSES or cls is getattr(simdevice, "SimTensor", None):
            continue
        names = list(_class_dict(cls))
        if any(type(k) is not str for k in names):  # a str subclass's __hash__ is its own code (red team 23)
            return f"a name of its own kind in its class {cls.__name__[:40]}"
        found = next((k for k in names if hasattr(torch.Tensor, k) and k not in _CLASS_OWN), None)
        if found:
            return f"{found} (its class {cls.__name__[:40]}'s)"
    own = object.__getattribute__(t, "__dict__") if hasattr(type(t), "__dict__") else {}
    if type(own) is not dict or any(type(k) is not str for k in dict.keys(own)):  # a dict subclass's items, a key's
        return "__dict__ (of a kind of its own)"  # __hash__: its own code (red team 23)
    if issubclass(type(t), SimTensor):  # what a simulated tensor holds runs its ops: a plain tensor, and nothing else
        # (red team 121 swapped a result's elem for an object whose __torch_function__ put torch.softmax in the
        # test's comparison)
        plain = (torch.Tensor, torch.nn.Parameter)
        found = next((k for k, v in dict.items(own) if not (k == "elem" and type(v) in plain
                                                             or k == "_is_param" and type(v) is bool)), None)
        if found is not None:
            return f"{found[:40]} (what a simulated GPU tensor holds)"
    found = next((k for k, v in dict.items(own) if hasattr(torch.Tensor, k) or callable(v)), None)
    return found and found[:40]


_TRUSTED_CLASSES = {object, torch.Tensor, torch._C.TensorBase,
                    *(c for c in vars(torch.nn.parameter).values() if isinstance(c, type))}
_CLASS_OWN = _CLASS_DATA | {"__init__", "__new__"}


_RERUN = torch.utils.checkpoint.CheckpointFunction  # torch's reentrant checkpoint


def check_graph(out, inputs, keys: tuple[str, ...], exercise: str) -> None:
    """Refuse a forbidden op found in the autograd graph of out (nodes the inputs brought excluded), and an autograd
    Function of the learner's own: its forward and backward can compute with any library (red team 18 returned
    scipy's correlate2d and softmax, differentiable, with no op of torch's to see)."""
    patterns = {SHORTCUTS[k][0]: SHORTCUTS[k][1] for k in keys if k in SHORTCUTS}
    roots = [t.grad_fn for t in _tensors(out) if t.grad_fn is not None]
    if not _guards(keys) or not roots:
        return
    given, seen = set(_nodes(t.grad_fn for t in _tensors(inputs))), 0
    for node in _nodes(roots):
        seen += 1
        if seen >= _GRAPH_LIMIT:  # what lies past the limit is unread (red team 19 hid SoftmaxBackward there)
            raise ForbiddenCall(
                f"{exercise} returned a result whose autograd graph has more than {_GRAPH_LIMIT:,} steps, too many "
                "to check for shortcuts: compute it in fewer operations",
                f"{exercise} 返回结果的自动求导图超过 {_GRAPH_LIMIT:,} 步，无法检查其中是否用了现成函数："
                "请用更少的运算计算")
        if node not in given:
            what = _match(patterns, re.sub(r"Backward\d*$", "", node.name())) if patterns else None
            if what:
                raise _forbidden(what, exercise)
            own = getattr(node, "_forward_cls", None)
            if isinstance(own, type) and _learners_hook(own, ("forward", "backward", "setup_context")):
                raise _own_function(exercise, own.__name__[:40])
            if own is _RERUN:  # its backward runs the code again, in the test's backward, after the check
                raise _forbidden("torch.utils.checkpoint (its backward runs your code again, after the check)",
                                 exercise)
            leaf = getattr(node, "variable", None)  # a leaf of the code's own (made at import) with a hook on it
            if _is(leaf, torch.Tensor) and _own_hook(leaf):
                raise ForbiddenCall(
                    f"{exercise} computed with a tensor of its own that carries a {_own_hook(leaf)}, which a backward "
                    "the test starts runs after the from-scratch check: remove the hook",
                    f"{exercise} 用到了自己的、带钩子（{_own_hook(leaf)}）的张量，测试之后发起的反向传播会在从零实现的"
                    "检查之外运行它：请删掉这个钩子")


def graded(module, name: str, keys: tuple[str, ...], exercise: str, classes: dict[str, type]):
    """The learner's `name` (a from-scratch exercise's function or class) made to run guarded, or _MISSING: read from
    its module's own namespace (a module __getattr__, a module class of its own, a __class__ property would run
    learner code at the lookup, outside any guard, where red team 61 found the test's inputs in its frames and
    computed torch's softmax, conv2d, pooling and RNN cell into them), and wrapped under the guard when wrapping may
    run learner code (a class's metaclass and __init_subclass__, a callable object's attributes). classes keeps one
    guarded class per name: isinstance holds across lookups."""
    obj = _namespace(module).get(name, _MISSING)
    if obj is _MISSING or not callable(obj):
        return obj
    if type(obj) is types.FunctionType:  # its attributes are slots and a dict: reading them runs no code of its own
        return guarded(obj, keys, exercise)
    if issubclass(type(obj), type) and name in classes:
        return classes[name]
    with forbidden(keys, exercise):
        if not issubclass(type(obj), type):
            return guarded(obj, keys, exercise)
        classes[name] = guarded_class(obj, keys, exercise)
        return classes[name]


def guarded(fn, keys: tuple[str, ...], exercise: str):
    """fn, made to run with the shortcuts forbidden."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if getattr(_local, "active", None) is not None:  # inside a guarded call: the outermost checks the result
            out = fn(*args, **kwargs)
            return _guarded_steps(out, keys, exercise) if inspect.isgenerator(out) else out
        given = _kinds((args, kwargs))
        with forbidden(keys, exercise):
            out = fn(*args, **kwargs)
            if inspect.isgenerator(out):  # its body runs as the test iterates (red team 13: data_iter's)
                return _guarded_steps(out, keys, exercise)
            # still guarded: what the checks touch may run learner code (red team 23: a __class__ property, a key's
            # __hash__, a __dict__'s items, each computing torch's function into the result once the guard was off)
            _plain_result(out, keys, exercise)
            _plain_arguments(given, (args, kwargs), keys, exercise)
            check_graph(out, (args, kwargs), keys, exercise)
        return out

    _GUARDS[call] = keys, exercise
    return call


_GUARDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # a guarded function -> its keys and exercise


def guarding(fn) -> contextlib.AbstractContextManager:
    """For a loop of the test's that calls the guarded function fn many times with little torch code of its own
    between the calls (an optimizer's training on airfoil): the loop runs under fn's guard, checked as it begins and
    as it ends rather than at every call (a look at every call cost 0.1-0.4 ms a step), and the test's own torch code
    is guarded too. Not for a loop that runs much torch code of its own (a seq2seq model's), whose every op the guard
    would check: 2-3 times slower than a look per call there. Anything else than a guarded function: no guard."""
    guard = _GUARDS.get(fn)
    return forbidden(*guard) if guard else contextlib.nullcontext()


def _guarded_steps(steps, keys: tuple[str, ...], exercise: str):
    """A generator's steps, each run with the shortcuts forbidden, each item checked as a result is."""
    while True:
        with forbidden(keys, exercise):
            try:
                item = next(steps)
            except StopIteration as e:
                return e.value
            _plain_result(item, keys, exercise)
        yield item


def _class_dict(c: type):
    """c's own namespace, a mappingproxy read by type's own descriptor (a metaclass cannot offer another)."""
    return _TYPE_DICT.__get__(c)


def _code_of_class(c: type) -> dict:
    """c's names bound to what runs code when read (functions, properties, descriptors): a class counter may change."""
    return {k: v for k, v in _class_dict(c).items() if hasattr(type(v), "__get__")}


def _same_bindings(now, was: dict) -> bool:
    """The same names bound to the same objects, compared by identity (an object's __eq__ may be the learner's)."""
    return len(now) == len(was) and all(map(is_, dict.keys(was), now.keys())) and all(
        map(is_, dict.values(was), now.values()))


def _learners_code(value, library: bool = False) -> bool:
    """Whether value, a class's attribute, is a function (plain, static, class or bound) of the learner's code: read by
    its type, never by getattr, which runs an object's own code (a lazy module's imports, a proxy's __getattr__)."""
    f = value.__func__ if type(value) in (staticmethod, classmethod, types.MethodType) else value
    return type(f) is types.FunctionType and _learners_function(f, library)


def _learners_class(c: type, library: bool = False) -> bool:
    """A class with a function of the learner's code in it (not torch's, katas' or the tests', nor, with library,
    Python's or an installed package's)."""
    return any(_learners_code(v, library) or (isinstance(v, property) and any(
        _learners_code(f, library) for f in (v.fget, v.fset, v.fdel))) for v in list(_class_dict(c).values()))


def _guarded_attribute(c: type, name: str, value, keys: tuple[str, ...], exercise: str):
    """value of class c, its learner code made to run guarded; a __class__ of its own, a metaclass or a descriptor
    class of the learner's are refused (they run its code when the test looks at the object)."""
    if type(name) is not str or name == "__class__" or (
            hasattr(type(value), "__get__") and _learners_class(type(value))):
        what = f"{c.__name__[:40]}.{str.__str__(name)[:40]}"
        raise ForbiddenCall(
            f"{exercise}'s class defines {what} of its own kind (a __class__, a descriptor class or a name that is no "
            "plain str), whose code would run when the test looks at the object, after the from-scratch check: "
            "remove it",
            f"{exercise} 的类定义了特殊的 {what}（__class__、描述符类或不是普通 str 的名字），它的代码会在测试查看"
            "这个对象时、从零实现的检查之后运行：请删掉它")
    if isinstance(value, types.FunctionType):
        return guarded(value, keys, exercise) if _learners_code(value) else value
    if isinstance(value, (staticmethod, classmethod)) and _learners_code(value.__func__):
        return type(value)(guarded(value.__func__, keys, exercise))
    if isinstance(value, property):
        return property(*(guarded(f, keys, exercise) if f is not None and _learners_code(f) else f
                          for f in (value.fget, value.fset, value.fdel)), value.__doc__)
    return value


def guarded_class(cls: type, keys: tuple[str, ...], exercise: str) -> type:
    """A subclass of cls whose __init__, forward and __call__ run with the shortcuts forbidden (for layers).

    __call__ covers the forward hooks a Module runs around forward. Each method is looked up on cls at
    call time, so one the learner's code sets on its class later runs guarded too; the subclass
    refuses to have its own guarded methods replaced.
    """
    def through(name):
        def method(self, *args, **kwargs):
            out = getattr(super(graded, self), name)(*args, **kwargs)
            intact(self)
            return out

        method.__name__ = method.__qualname__ = name
        return guarded(method, keys, exercise)

    def intact(obj=None) -> None:
        """The graded class as made, and obj still one of it: else later calls would run unguarded (red team 13
        set self.__class__ in __init__, replaced __call__ with type.__setattr__, and dropped the wrappers in a
        metaclass of its own); and the learner's classes beneath it as they were wrapped."""
        if any(vars(graded).get(name) is not wrapper for name, wrapper in body.items() if name in names) or (
                obj is not None and type(obj) is not graded) or not all(
                _same_bindings(_code_of_class(c), was) for c, was in learners.items()):
            raise _forbidden(f"a change to the graded class {cls.__name__} (its class, its methods, __call__, "
                             "forward or __init__)", exercise)

    learners = {c: _code_of_class(c) for c in type.__dict__["__mro__"].__get__(cls) if _learners_class(c)}
    body = {"__module__": cls.__module__, "__qualname__": cls.__qualname__, "__doc__": cls.__doc__}
    names = [n for n in ("__init__", "forward", "__call__") if n in dir(cls)]
    body.update((name, through(name)) for name in names)
    for c in reversed(list(learners)):  # the learner's other methods and properties run guarded too (red team 23:
        # a __class__ property, run when the test asked what the layer was, computed torch's attention unguarded)
        for name, value in _class_dict(c).items():
            if type(name) is not str or (name not in names and name not in _CLASS_OWN):
                body[name] = _guarded_attribute(c, name, value, keys, exercise)

    class Sealed(type(cls)):
        def __setattr__(self, name, value):
            if name in names:
                raise _forbidden(f"a replacement of {cls.__name__}.{name} on the graded class", exercise)
            super().__setattr__(name, value)

    graded = Sealed(cls.__name__, (cls,), dict(body))
    intact()
    _GRADED.add(graded)
    return graded


_GRADED: weakref.WeakSet[type] = weakref.WeakSet()  # the classes guarded_class made: their code runs guarded
_TIMEOUT = _timeout_code()  # (see _learners_handler): its helpers are defined above
