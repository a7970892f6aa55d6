"""simgpu: a simulated GPU, so a forgotten .to(device) is caught on a machine without one.

A tensor on it keeps its data on the CPU and computes there, but reports the device "meta"; an
op that mixes it with a CPU tensor (other than a 0-d scalar or an index, as CUDA allows) raises
CUDA's own error, "Expected all tensors to be on the same device, ...". It checks device
handling only: numbers and speed are the CPU's.

Why "meta": the tensor must claim a device torch knows without a driver. "cuda" runs CUDA's device
guard and aborts the process; a renamed PrivateUse1 backend ("simgpu") needs a device guard too,
and with torch's Python stand-in (backend_registration) backward() aborts in the engine's device
thread. "meta" has a no-op guard, so autograd, nn.Module.to and torch.optim work unchanged.

`simulated()` is a TorchDispatchMode for the duration of a test: it turns `.to("meta")` and
factories given device="meta" into simulated tensors, and sees every op first, so the check holds
for plain tensors too. Outside it a simulated tensor still computes (its own __torch_dispatch__).

What learner code sees: the device the test passes in, torch.device("meta"); x.device and
next(net.parameters()).device say meta; torch.cuda.is_available() stays False (so try_gpu() is cpu,
and code that ignores the device it is given leaves data behind, as on a GPU); a tensor made without
device= (torch.zeros(X.shape)) is on the CPU, one made with zeros_like(X) or device=X.device is not;
nn.Module.to moves parameters and buffers (BatchNorm's running statistics), not plain attributes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten, tree_map

NAME = "simgpu"  # what the reports and test ids call it
DEVICE = torch.device("meta")  # what its tensors report (see the docstring for why)

_aten = torch.ops.aten
# ops where CUDA takes a CPU tensor beside a device one: copies between devices; indices on the CPU
_COPIES = {_aten.copy_.default, _aten._to_copy.default, _aten._has_compatible_shallow_copy_type.default}
_INDEXED = {_aten.index.Tensor, _aten.index_put_.default, _aten.index_put.default, _aten._index_put_impl_.default}


def mismatch_error() -> RuntimeError:
    """CUDA's text, with this device's name: explain.py and the tests recognise "same device"."""
    return RuntimeError(
        f"Expected all tensors to be on the same device, but found at least two devices, {DEVICE} and cpu! "
        f"({DEVICE} is {NAME}, a simulated GPU)"
    )


# a tensor's own attributes, read by Tensor's descriptor as it was at import: x.elem would run a descriptor that learner
# code put on SimTensor or Tensor for the length of a call, where simgpu works with every mode popped (red team 127)
_OWN = torch.Tensor.__dict__["__dict__"].__get__
# id() without its audit event: id() raises one, a Python call of the from-scratch guard's audit hook each, and the
# guard asks it of every frame of every op; object's own hash is the address rotated (unique among live objects)
_ident = object.__hash__


def _elem(t) -> torch.Tensor:
    return _OWN(t)["elem"]


class SimTensor(torch.Tensor):
    """A tensor on the simulated GPU: data on the CPU (self.elem), device reported as meta."""

    elem: torch.Tensor  # in __dict__, not __slots__: torch.utils.swap_tensors swaps a Parameter with it
    __torch_function__ = torch._C._disabled_torch_function_impl

    @staticmethod
    def __new__(cls, elem: torch.Tensor):
        t = torch.Tensor._make_wrapper_subclass(
            cls, elem.size(), strides=elem.stride(), storage_offset=elem.storage_offset(),
            dtype=elem.dtype, layout=elem.layout, device=DEVICE, requires_grad=elem.requires_grad,
        )
        _OWN(t)["elem"] = elem.detach() if elem.requires_grad else elem  # autograd is the wrapper's
        return t

    @classmethod
    def __torch_dispatch__(cls, func, types, args=(), kwargs=None):
        return _run(func, args, kwargs or {})

    # Traceable (flatten/unflatten): nn.Module.to swaps the parameter in place (torch.utils.swap_tensors),
    # so a parameter keeps its identity, as with CUDA, and an optimizer made before net.to still holds it.
    def __tensor_flatten__(self):
        return ["elem"], None

    @staticmethod
    def __tensor_unflatten__(inner, meta, outer_size, outer_stride):
        return SimTensor(inner["elem"])

    # torch's own Python code reads is_meta as "no data": nn.init would skip the tensor, print and
    # f"{loss:.3f}" would refuse it. It has data.
    @property
    def is_meta(self) -> bool:
        return False

    def __format__(self, spec: str) -> str:
        return _elem(self).__format__(spec) if self.dim() == 0 else object.__format__(self, spec)

    def __repr__(self, *, tensor_contents=None):
        text = repr(_elem(self))
        return f"{text[:-1]}, device='{DEVICE}')  # {NAME}, a simulated GPU"

    # What torch reads from memory directly, without dispatching: the data stays on the CPU.
    def data_ptr(self) -> int:
        return _elem(self).data_ptr()

    def untyped_storage(self):
        return _elem(self).untyped_storage()

    def tolist(self):
        return _elem(self).tolist()

    def numpy(self, *, force: bool = False):
        raise TypeError(
            f"can't convert {DEVICE} device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host "
            f"memory first. ({DEVICE} is {NAME}, a simulated GPU)"
        )

    def __array__(self, dtype=None, copy=None):
        self.numpy()

    def __reduce_ex__(self, proto):
        # torch.save: the data, rebuilt on this device when loaded (in the mode; the function is weights_only-safe)
        return (torch._utils._rebuild_device_tensor_from_cpu_tensor,
                (_elem(self).detach(), self.dtype, str(DEVICE), self.requires_grad))


def _is_sim_device(d) -> bool:
    return d is not None and torch.device(d).type == DEVICE.type


def _leaves(x, out: list) -> list:
    """tree_flatten's leaves, fast for what aten passes (tensors and scalars in tuples, lists and dicts):
    torch's pytree costs more than most ops it wraps."""
    kind = type(x)
    if kind is tuple or kind is list:
        for y in x:
            _leaves(y, out)
    elif kind is dict:
        for y in x.values():
            _leaves(y, out)
    elif issubclass(kind, (tuple, list, dict)):  # a namedtuple or another subclass: torch's own pytree (by type:
        # isinstance would ask a __class__ of its own, here where no mode looks: red team 130)
        out.extend(tree_flatten(x)[0])
    else:
        out.append(x)
    return out


def _map(fn, x):
    """tree_map, fast in the same way as _leaves."""
    kind = type(x)
    if kind is tuple or kind is list:
        return kind(_map(fn, y) for y in x)
    if kind is dict:
        return {k: _map(fn, v) for k, v in x.items()}
    if issubclass(kind, (tuple, list, dict)):
        return tree_map(fn, x)
    return fn(x)


def _call(func, args, kwargs):
    return func(*args, **kwargs)


def _run(func, args, kwargs, call=_call):
    """func on the CPU data; the result on the simulated GPU when it came from there. call(func, args, kwargs) runs
    the op on the CPU tensors (the from-scratch guard gives one that watches what runs inside it)."""
    flat = _leaves((args, kwargs), [])
    sims = [t for t in flat if _sim(t)]
    if any(type(t) is not SimTensor for t in sims):  # its class's code would run here, no mode on (red team 124)
        raise TypeError(f"{DEVICE} ({NAME}, a simulated GPU) runs no subclass of its tensor class: use tensors as "
                        "torch makes them")
    target = kwargs.get("device")
    if sims and func not in _COPIES:
        # an index may stay on the CPU (self[cpu_indices]); the tensor indexed and the values put may not
        checked = flat if func not in _INDEXED else [args[0], *args[2:3]]
        if any(_on_cpu(t) for t in checked) or (func in _INDEXED and not _sim(args[0])):
            raise mismatch_error()
    to_sim = _is_sim_device(target) or (bool(sims) and target is None)
    if func is _aten.copy_.default:  # dst.copy_(src): the result lives where dst is
        to_sim = _sim(args[0])
    elif func is _aten._to_copy.default and target is None:  # a dtype change only: same device
        to_sim = _sim(args[0])
    if _is_sim_device(target):
        kwargs = {**kwargs, "device": torch.device("cpu")}
    inputs = {_ident(_elem(t)): t for t in sims}
    out = call(func, _map(_unwrap, args), _map(_unwrap, kwargs))
    if func is _aten._local_scalar_dense.default:
        return out

    def wrap(x):
        if not issubclass(type(x), torch.Tensor):
            return x
        if _ident(x) in inputs:  # an in-place or out= op returns its argument: the same simulated tensor
            return inputs[_ident(x)]
        return SimTensor(x) if to_sim else x

    return _map(wrap, out)


def insides(args, kwargs) -> list[type]:
    """The classes of the tensors that the simulated tensors among an op's arguments hold, read without their code."""
    return [type(_OWN(t).get("elem")) for t in _leaves((args, kwargs), [])
            if _sim(t)]


def _sim(x) -> bool:
    """Whether x is a simulated tensor, by its type (isinstance would ask a __class__ of its own: red team 118)."""
    return issubclass(type(x), SimTensor)


def _on_cpu(t) -> bool:
    """A plain CPU tensor that CUDA would refuse beside a device one (a 0-d one counts as a scalar), read with Tensor's
    own methods."""
    return not _sim(t) and issubclass(type(t), torch.Tensor) and torch.Tensor.dim(t) > 0 and \
        _DEVICE_OF(t).type == "cpu"


_DEVICE_OF = torch.Tensor.device.__get__


def _unwrap(x):
    return _elem(x) if _sim(x) else x


class _SimMode(TorchDispatchMode):
    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        return False  # True would import torch._dynamo (2 s) on the first op

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        return _run(func, args, kwargs or {})


# Tensors from Python data (torch.tensor(..., device=), an index such as y_hat[range(n), y]) are built
# on the device before any op is dispatched: a real, empty meta tensor would come out. They are caught
# one level up, as torch functions, and built on the CPU (an index may be on the CPU, as CUDA allows).
_FROM_DATA = (torch.tensor, torch.as_tensor, torch.asarray)
_INDEXING = (torch.Tensor.__getitem__, torch.Tensor.__setitem__)


class _SimConstructors(TorchFunctionMode):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func in _FROM_DATA and _is_sim_device(kwargs.get("device")):
            out = func(*args, **{**kwargs, "device": "cpu"})
            return SimTensor(out).requires_grad_(out.requires_grad)
        if func in _INDEXING and _sim(args[0]):
            args = (args[0], _index_on_cpu(args[1]), *args[2:])
        return func(*args, **kwargs)


def _index_on_cpu(index):
    """Python sequences in an index, as CPU tensors."""
    kind = type(index)
    if issubclass(kind, tuple):
        return tuple(_index_on_cpu(i) for i in index)
    if issubclass(kind, (list, range)):
        try:
            return torch.tensor(index if issubclass(kind, list) else list(index))
        except (TypeError, ValueError, RuntimeError):  # a list holding tensors or slices: torch's own rules
            return index
    return index


@contextlib.contextmanager
def simulated() -> Iterator[torch.device]:
    """Within the block, device "meta" is the simulated GPU; yields that device.

    Both modes leave when the block does, whatever the code inside raised.
    """
    modes = (_SimConstructors(), _SimMode())
    with contextlib.ExitStack() as stack:
        for mode in modes:
            mode.__enter__()
            stack.callback(_leave, mode)
        yield DEVICE


def _leave(mode) -> None:
    try:
        mode.__exit__(None, None, None)
    except Exception:  # noqa: BLE001 - learner code popped the mode itself: nothing left to undo
        pass
