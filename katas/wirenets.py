"""Nets of torch's own layers by value across instructor mode's wire: a description the receiver rebuilds.

A net whose every module is a class of torch.nn (Sequential, Linear, Conv2d, pools, activations, BatchNorm,
Dropout, RNN/GRU/LSTM, Embedding, ...) crosses as its class names, plain attributes (numbers, strings,
tuples), parameters and buffers (as tensors of the message, so in-place updates and gradients come back to
the sender's own parameters) and children. The receiver builds each module from a whitelist, without
calling any constructor (Module.__init__ only), so nothing the sender names runs. A net holding any other
class (a learner's own, a test's Recorder) crosses as a handle instead.
"""

from __future__ import annotations

import re

import torch
from torch import nn

from katas.wire import ProtocolError

_INTERNAL = set(vars(nn.Module()))  # what Module.__init__ sets: never taken from a message
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$|^_reversed_padding_repeated_twice$|^_flat_weights_names$"
                   r"|^_all_weights$")
_LIMIT = 4096  # modules in one net


def builtin(cls: type) -> bool:
    return (isinstance(cls, type) and issubclass(cls, nn.Module) and cls.__module__.startswith("torch.nn.modules.")
            and getattr(nn, cls.__name__, None) is cls)


def _plain(v, depth=0) -> bool:
    if v is None or type(v) in (bool, int, float, str):
        return True
    return type(v) in (tuple, list) and depth < 3 and len(v) <= 64 and all(_plain(x, depth + 1) for x in v)


def describable(net: nn.Module) -> bool:
    """Every module of net is torch's own, with only plain attributes and real (dense) parameters."""
    mods = list(net.modules())
    if len(mods) > _LIMIT:
        return False
    for m in mods:
        if not builtin(type(m)) or _hooked(m):
            return False
        held = _held(m)
        for k, v in vars(m).items():
            if k not in _INTERNAL and not (_NAME.match(k) and _plain(v)) and k not in ("_flat_weights",) or k in held:
                return False  # (an attribute named as a parameter hides it from the forward: red team I54)
        for p in list(m._parameters.values()) + list(m._buffers.values()):
            if p is not None and (isinstance(p, nn.parameter.UninitializedTensorMixin) or _hooked(p)):
                return False
    return True


def _held(m: nn.Module) -> set[str]:
    """The names of m's parameters, buffers and layers: an attribute of one of these names would hide it from the
    forward (red team I54's bias = None)."""
    return {*m._parameters, *m._buffers, *m._modules}


def _hooked(obj) -> bool:
    """Whether obj (a module, a tensor, an optimizer) holds a hook of any kind: a rebuilt copy would not have it, and
    would behave otherwise (red team I4 zeroed gradients with one, and passed where self-study failed)."""
    return any(hooks for name, hooks in vars(obj).items() if "hooks" in name and isinstance(hooks, dict)) or bool(
        getattr(obj, "_backward_hooks", None)) or bool(getattr(obj, "_post_accumulate_grad_hooks", None))


def describe(m: nn.Module, encode, depth: int, number) -> dict:
    """m's description; number(layer) names each layer below it, the same layer always by the same number."""
    attrs = {k: v for k, v in vars(m).items() if k not in _INTERNAL and _NAME.match(k) and _plain(v)}
    return {
        "c": type(m).__name__, "tr": bool(m.training),
        "a": encode(attrs, depth + 1),
        "p": [[k, encode(v, depth + 1)] for k, v in m._parameters.items()],
        "b": [[k, encode(v, depth + 1)] for k, v in m._buffers.items()],
        "m": [[k, [number(c), describe(c, encode, depth + 1, number)] if c is not None else None]
              for k, c in m._modules.items()],
    }


def build(node, decode, reuse, count: list[int] | None = None) -> nn.Module:
    """The net node describes; reuse(number, layer) gives the layer to hold where one of its layers is numbered so
    (the one built before for that number: a layer sent twice, in one net or in two replies, is one layer here)."""
    count = count if count is not None else [0]
    count[0] += 1
    if not isinstance(node, dict) or count[0] > _LIMIT or not isinstance(node.get("c"), str):
        raise ProtocolError("a net description that is not one")
    cls = getattr(nn, node["c"], None)
    if not builtin(cls):
        raise ProtocolError(f"a net of a class that is not torch's own ({node['c'][:40]!r})")
    m = cls.__new__(cls)
    nn.Module.__init__(m)
    attrs = decode(node.get("a"))
    if not isinstance(attrs, dict):
        raise ProtocolError("a net's attributes that are not a dict")
    for k, v in attrs.items():
        if not isinstance(k, str) or not _NAME.match(k) or k in _INTERNAL or not _plain(v):
            raise ProtocolError("a net attribute that is not plain")
        object.__setattr__(m, k, v)
    for field, store in (("p", m._parameters), ("b", m._buffers)):
        for pair in node.get(field) or []:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str) and _NAME.match(pair[0])):
                raise ProtocolError("a net's tensor entry that is not one")
            t = decode(pair[1])
            if t is not None and not isinstance(t, torch.Tensor) or field == "p" and t is not None and not isinstance(
                    t, nn.Parameter):
                raise ProtocolError("a net's parameter that is no Parameter")
            store[pair[0]] = t
    for pair in node.get("m") or []:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str) and len(pair[0]) < 64 and (
                pair[1] is None or isinstance(pair[1], list) and len(pair[1]) == 2)):
            raise ProtocolError("a net's child entry that is not one")
        m._modules[pair[0]] = None if pair[1] is None else reuse(pair[1][0], build(pair[1][1], decode, reuse, count))
    m.training = node.get("tr") is True
    if set(attrs) & _held(m):  # it would hide the parameter from the forward (red
        raise ProtocolError("a net attribute named as one of its parameters, buffers or layers")  # team I54: bias)
    for k, v in _sizes(m).items():  # what the weights say, never what the sender says
        object.__setattr__(m, k, v)
    if hasattr(m, "_init_flat_weights") and hasattr(m, "_flat_weights_names"):
        m._init_flat_weights()
    return m


def _sizes(m: nn.Module) -> dict:
    """The sizes of m that its weights fix and its forward may never read (a Linear's in_features, a Conv2d's
    kernel_size), read off its weights: as labels, they would be the sender's word (red team I53 sent a 32-unit
    Linear as Linear(784, 256), and a test that reads the sizes passed it)."""
    p, w = m._parameters, m._parameters.get("weight")
    if isinstance(m, nn.Linear) and w is not None and w.dim() == 2:
        return {"out_features": w.shape[0], "in_features": w.shape[1]}
    if isinstance(m, nn.Bilinear) and w is not None and w.dim() == 3:
        return {"out_features": w.shape[0], "in1_features": w.shape[1], "in2_features": w.shape[2]}
    if isinstance(m, nn.modules.conv._ConvNd) and w is not None and w.dim() >= 3:
        groups = m.__dict__.get("groups")  # (read by the forward: the sender's word is the conv it computes)
        if type(groups) is not int or groups < 1:
            raise ProtocolError("a convolution whose groups are not a number")
        first, second = (w.shape[0], w.shape[1] * groups)
        inward, outward = (first, second) if isinstance(m, nn.modules.conv._ConvTransposeNd) else (second, first)
        return {"in_channels": inward, "out_channels": outward, "kernel_size": tuple(w.shape[2:])}
    if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and w is not None and w.dim() == 2:
        return {"num_embeddings": w.shape[0], "embedding_dim": w.shape[1]}
    if isinstance(m, nn.modules.batchnorm._NormBase):
        held = next((t for t in (w, m._buffers.get("running_mean")) if t is not None), None)
        return {} if held is None else {"num_features": held.shape[0]}
    if isinstance(m, nn.GroupNorm) and w is not None:
        return {"num_channels": w.shape[0]}
    if isinstance(m, nn.modules.rnn.RNNCellBase) and "weight_ih" in p and "weight_hh" in p:  # (RNN, GRU and LSTM
        # cross as handles: their _flat_weights are no plain attribute)
        return {"input_size": p["weight_ih"].shape[1], "hidden_size": p["weight_hh"].shape[1]}
    return {}


def optimizer_class(cls: type) -> bool:
    return (isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer)
            and cls.__module__.startswith("torch.optim.") and getattr(torch.optim, cls.__name__, None) is cls)


def describable_optimizer(opt) -> bool:
    return optimizer_class(type(opt)) and not opt.state and not _hooked(opt) and all(
        all(isinstance(p, torch.Tensor) for p in g["params"]) and all(_plain(v) for k, v in g.items() if k != "params")
        for g in opt.param_groups)


def describe_optimizer(opt, encode, depth: int) -> dict:
    """An optimizer with no state yet: its class and groups, each a dict that crosses as one (what learner code
    writes into it, `param_groups[0]['lr'] = ...`, comes back); its parameters, the receiver's own where they are."""
    return {"c": type(opt).__name__, "g": [encode(g, depth + 1) for g in opt.param_groups]}


def build_optimizer(node, decode):
    if not isinstance(node, dict) or not isinstance(node.get("c"), str) or not isinstance(node.get("g"), list):
        raise ProtocolError("an optimizer description that is not one")
    cls = getattr(torch.optim, node["c"], None)
    if not optimizer_class(cls) or not node["g"] or len(node["g"]) > 64:
        raise ProtocolError(f"an optimizer that is not torch's own ({node['c'][:40]!r})")
    groups = [decode(entry) for entry in node["g"]]
    for group in groups:
        if not (type(group) is dict and all(isinstance(k, str) and _NAME.match(k) for k in group)
                and isinstance(group.get("params"), list) and all(isinstance(p, torch.Tensor) for p in group["params"])
                and all(_plain(v) for k, v in group.items() if k != "params")):
            raise ProtocolError("an optimizer group that is not one")
    try:
        opt = cls(groups)  # torch keeps each group dict as it is given, its "params" a new list
    except (TypeError, ValueError, RuntimeError) as e:
        raise ProtocolError(f"an optimizer that cannot be built ({e})") from None
    decode.held_as_built(groups)
    return opt


# --- files of the working folder ----------------------------------------------------------------------------

FILES_LIMIT = 32 * 2**20  # bytes of files one call may bring across


class Folder:
    """The working folder's top-level files as last synced: changed() lists what differs since, as
    {name: bytes}; write() puts what the other side sent. Only plain names and regular files, links never
    followed, at most FILES_LIMIT bytes a call."""

    def __init__(self):
        self.where: str | None = None
        self.seen: dict[str, tuple[int, int]] = {}

    def changed(self) -> dict[str, bytes]:
        import os
        import stat

        out, total = {}, 0
        try:
            entries = list(os.scandir("."))
        except OSError:
            return {}
        for e in entries[:1000]:
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode) or self.seen.get(e.name) == (st.st_mtime_ns, st.st_size):
                continue
            if total + st.st_size > FILES_LIMIT:
                break
            try:
                with open(e.name, "rb") as f:
                    out[e.name] = f.read(FILES_LIMIT)
            except OSError:
                continue
            total += st.st_size
            self.seen[e.name] = (st.st_mtime_ns, st.st_size)
        return out

    def write(self, files) -> None:
        import os

        if not isinstance(files, dict):
            raise ProtocolError("files that are not a dict")
        total = 0
        for name, data in files.items():
            if not (isinstance(name, str) and _FILE.match(name) and isinstance(data, torch.Tensor)
                    and data.dtype == torch.uint8 and data.dim() == 1):
                raise ProtocolError("a file that is not one")
            total += data.numel()
            if total > FILES_LIMIT:
                raise ProtocolError("files past the limit")
            try:
                if os.path.islink(name) or os.path.isdir(name):
                    continue
                with open(name, "wb") as f:
                    f.write(data.numpy().tobytes())
                st = os.stat(name)
                self.seen[name] = (st.st_mtime_ns, st.st_size)
            except OSError:
                continue


_FILE = re.compile(r"^(?!\.\.?$)[^/\0]{1,200}$")


def as_tensors(files: dict[str, bytes]) -> dict:
    empty = torch.empty(0, dtype=torch.uint8, device="cpu")
    return {k: torch.frombuffer(bytearray(v), dtype=torch.uint8) if v else empty.clone() for k, v in files.items()}
