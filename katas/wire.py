"""Instructor mode's codec: values between the trusted driver (T) and the learner's worker (W), never a pickle.

A frame is a fixed prefix (magic, header length, buffer count), the buffers' lengths, a JSON header, then
the raw buffers. The header is a tree of tagged values; the decoder builds only None, bool, int, float,
str, list, tuple, dict, dense tensors of a whitelisted dtype, dtypes, devices, and references: to the
receiver's own objects (ids it exported), to the sender's (handles, which the receiver's Peer turns into
proxies), to the tensors of the request a reply answers. Everything else is a ProtocolError, as is any
frame past the limits: header size, buffer sizes, depth, element count, a tensor whose bytes are not its
numel x itemsize. Bool tensors are normalised (a byte 7 is True, stored as 1).
"""

from __future__ import annotations

import collections
import itertools
import json
import math
import pathlib
import re
import socket
import struct
import types
import weakref

import numpy
import torch
from torch.utils._python_dispatch import _disable_current_modes as _no_dispatch_modes

MAGIC = b"KTW1"
PREFIX = struct.Struct("<4sII")  # magic, header length, buffer count
HEADER_LIMIT = 16 * 2**20
BUFFER_LIMIT = 1 << 30  # bytes of buffers in one frame
BUFFERS_LIMIT = 4096  # buffers in one frame
DEPTH_LIMIT = 32
ELEMENT_LIMIT = 10**6  # nodes of the header tree
DIMS_LIMIT = 16

DTYPES = {str(d).removeprefix("torch."): d for d in (
    torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128,
    torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool)}  # fmt: skip


class ProtocolError(Exception):
    """The other side sent what the protocol does not allow: the connection is over."""


# --- frames --------------------------------------------------------------------------------------------


def send(sock: socket.socket, header: dict, buffers: list) -> None:
    head = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    sizes = [memoryview(b).nbytes for b in buffers]
    prefix = PREFIX.pack(MAGIC, len(head), len(buffers)) + struct.pack(f"<{len(sizes)}Q", *sizes)
    sock.sendall(prefix + head)
    for b in buffers:
        if memoryview(b).nbytes:
            sock.sendall(memoryview(b).cast("B"))


def recv(sock: socket.socket) -> tuple[dict, list[bytes]]:
    """One frame: (header, buffers). EOFError when the peer is gone; ProtocolError for anything malformed."""
    magic, head_len, count = PREFIX.unpack(_exactly(sock, PREFIX.size))
    if magic != MAGIC:
        raise ProtocolError("a frame without the protocol's magic")
    if head_len > HEADER_LIMIT or count > BUFFERS_LIMIT:
        raise ProtocolError(f"a frame past the limits (header {head_len} bytes, {count} buffers)")
    sizes = struct.unpack(f"<{count}Q", _exactly(sock, 8 * count)) if count else ()
    if sum(sizes) > BUFFER_LIMIT:
        raise ProtocolError(f"a frame with {sum(sizes)} bytes of buffers (limit {BUFFER_LIMIT})")
    head = _exactly(sock, head_len)
    buffers = [_exactly(sock, n) for n in sizes]
    try:
        header = json.loads(head, parse_constant=_no_constant, parse_float=_finite)
    except (ValueError, RecursionError) as e:
        raise ProtocolError(f"a header that is no JSON ({type(e).__name__})") from None
    if not isinstance(header, dict):
        raise ProtocolError("a header that is no JSON object")
    _bounded(header)
    return header, buffers


def _no_constant(name):
    raise ValueError(f"{name} in a header")


def _finite(text: str) -> float:
    """A number of the header: never inf or nan, which are sent tagged ("F"), so `1e999` is no second spelling."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} in a header")
    return value


def _exactly(sock: socket.socket, n: int) -> bytes:
    out = bytearray(n)
    view, got = memoryview(out), 0
    while got < n:
        k = sock.recv_into(view[got:])
        if k == 0:
            raise EOFError("the other side closed the connection")
        got += k
    return bytes(out)


def _bounded(tree) -> None:
    """Depth and element count of a decoded header, iteratively (a deep tree must not recurse here)."""
    stack, seen = [(tree, 1)], 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if depth > DEPTH_LIMIT or seen > ELEMENT_LIMIT:
            raise ProtocolError(f"a header past the limits (depth {DEPTH_LIMIT}, {ELEMENT_LIMIT} elements)")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


# --- values --------------------------------------------------------------------------------------------


class Encoder:
    """Turns a value into a header tree and buffers. handle(obj) names what is not a value (the sender's
    export id and a description); tensors that are the receiving side's own (argument tensors of the request
    being answered) go as references to them."""

    def __init__(self, handle, own_tensors: dict[int, int] | None = None):
        self.handle, self.own = handle, own_tensors or {}
        self.buffers: list = []
        self.tensors: list[torch.Tensor] = []  # in order: what the receiver will report back on
        self._memo: dict[int, dict] = {}
        self.on_tensor = None  # called with (tensor, node) for each tensor encoded
        self.nets = True  # nets of torch's own layers by value (katas/wirenets.py)
        self.origins: dict[int, tuple] = {}  # nets rebuilt here from the receiver's: id -> (its id, net)
        self.containers: list = []  # the lists and dicts sent, in order: the receiver reports on them
        self.shared: dict[int, int] = {}  # id -> the receiver's key: lists and dicts it sent during this exchange
        self.base = 0  # the key of the first list or dict this message sends (keys count on across messages)
        self.param_refs: dict[int, list] = {}  # id -> [tag, a net's id, k]: the k-th parameter of a net both hold
        self.given: dict[int, torch.nn.Module] = {}  # our nets sent by value (the receiver rebuilt them), by id
        self.given_now: set[int] = set()  # of those, the ids of the ones sent in this exchange
        self.layer_numbers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # layer -> its number (the Peer's)

    def layer_number(self, m: torch.nn.Module) -> int:
        """m's number, given once and never to another layer (an id() is reused once its object is gone)."""
        if m not in self.layer_numbers:
            self.layer_numbers[m] = next(_NUMBERS)
        return self.layer_numbers[m]

    def __call__(self, obj, depth: int = 0):
        if depth > DEPTH_LIMIT - 4:
            raise ValueError(f"a value nested more than {DEPTH_LIMIT - 4} deep cannot cross to the grader")
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, int) and type(obj) is int:
            return obj if abs(obj) < 2**63 else {"I": str(obj)}
        if type(obj) is float:
            return obj if math.isfinite(obj) else {"F": repr(obj)}
        if isinstance(obj, torch.Tensor):
            return self.tensor(obj, depth)
        if type(obj) in MUTABLE:
            if id(obj) in self.shared:  # the receiver's own list or dict, back: itself
                return {"ac": self.shared[id(obj)]}
            key = self.base + len(self.containers)
            self.containers.append(obj)
            if type(obj) is list:
                return {"L": [self(v, depth + 1) for v in obj], "k": key}
            tag = {dict: "D", collections.Counter: "C", collections.OrderedDict: "OD"}[type(obj)]
            return {tag: [[self(k, depth + 1), self(v, depth + 1)] for k, v in obj.items()], "k": key}
        if type(obj) is tuple:  # keyed as lists are: the same tuple sent back is the sender's own (`states is states`)
            if id(obj) in self.shared:
                return {"ac": self.shared[id(obj)]}
            key = self.base + len(self.containers)
            self.containers.append(obj)
            return {"T": [self(v, depth + 1) for v in obj], "k": key}
        if type(obj) is torch.Size:
            return {"S": [self(v, depth + 1) for v in obj]}
        if type(obj) is types.SimpleNamespace:
            return {"NS": [[k, self(v, depth + 1)] for k, v in vars(obj).items() if isinstance(k, str)]}
        if type(obj).__module__ in ("numpy", "numpy.ma", "numpy.ma.core") and hasattr(obj, "dtype"):  # arrays, numbers
            obj = numpy.ma.getdata(obj)  # a masked array (an image's get_array()): its data
            try:
                data = torch.from_numpy(numpy.ascontiguousarray(obj)).clone()
                if str(data.dtype).removeprefix("torch.") in DTYPES:
                    return {"N": {"t": [str(data.dtype).removeprefix("torch."), list(data.shape), self.raw(data)]}}
            except (TypeError, ValueError, RuntimeError):
                pass
        if isinstance(obj, type) and wirenets.builtin(obj):  # a class of torch.nn's (a loss passed uninstantiated)
            return {"nn": obj.__name__}
        if isinstance(obj, torch.dtype):
            return {"dt": str(obj).removeprefix("torch.")}
        if isinstance(obj, torch.device):
            return {"dv": str(obj)}
        if isinstance(obj, pathlib.PurePath):  # relative to the sender's working folder when inside it
            try:
                return {"P": str(pathlib.Path(obj).relative_to(pathlib.Path.cwd()))}
            except (ValueError, OSError):
                return {"P": str(obj)}
        if isinstance(obj, torch.nn.Module) and self.nets and wirenets.describable(obj):
            if id(obj) in self.origins:  # the receiver's own net, back: itself, with its training flags and state
                state = [[k, self.tensor(t, depth + 2, fresh=True)]  # by value: the optimizer's refer to the receiver's
                         for k, t in obj.state_dict(keep_vars=True).items()]
                return {"R": [self.origins[id(obj)][0], [bool(m.training) for m in obj.modules()], state]}
            x = self.handle(obj)["id"]
            self.given[x] = obj
            self.given_now.add(x)
            return {"M": wirenets.describe(obj, lambda v, d: self(v, d), depth, self.layer_number), "x": x}
        if isinstance(obj, torch.optim.Optimizer) and self.nets and wirenets.describable_optimizer(obj):
            if not self.param_refs:  # the parameters of nets both sides hold: by reference
                self.param_refs = {id(p): ["rp", ident, k] for ident, net in self.origins.values()
                                   for k, p in enumerate(net.parameters())}
                self.param_refs.update({id(p): ["rq", ident, k] for ident, net in self.given.items()
                                        for k, p in enumerate(net.parameters())})
            known = (self._memo, self.own, self.param_refs)
            if all(any(id(p) in m for m in known) for g in obj.param_groups for p in g["params"]):
                # by value only when its parameters are the receiver's or cross in this message too (else it steps
                # where they live)
                return {"O": wirenets.describe_optimizer(obj, lambda v, d: self(v, d), depth)}
        node = self.handle(obj)
        return {"r": node["ref"]} if "ref" in node else {"h": node}

    def tensor(self, t: torch.Tensor, depth: int, fresh: bool = False):
        """A tensor's node: a reference where the receiver has it (unless fresh), else its data and facts."""
        if id(t) in self.own and not fresh:
            return {"a": self.own[id(t)]}
        if id(t) in self._memo and not fresh:  # the same tensor twice in one message arrives as one tensor
            return {"m": self._memo[id(t)]}
        if id(t) in self.param_refs and not fresh:
            tag, ident, k = self.param_refs[id(t)]
            return {tag: [ident, k]}
        from katas.simdevice import SimTensor

        sim = isinstance(t, SimTensor)
        data = t.detach()
        if sim:
            data = data.elem if hasattr(data, "elem") else data
        if data.layout != torch.strided or data.device.type not in ("cpu", "meta"):
            raise ValueError(f"a {data.layout} tensor on {data.device} cannot cross (dense CPU tensors only)")
        name = str(data.dtype).removeprefix("torch.")
        if name not in DTYPES:
            raise ValueError(f"a tensor of dtype {data.dtype} cannot cross")
        if data.is_meta and not sim:  # shape and dtype only: a meta tensor has no data
            return {"meta": [name, list(data.shape)], "rg": bool(t.requires_grad),
                    "p": isinstance(t, torch.nn.Parameter)}
        node = {"t": [name, list(data.shape), self.raw(data)], "rg": bool(t.requires_grad),
                "leaf": bool(t.is_leaf), "p": isinstance(t, torch.nn.Parameter), "sim": sim}
        grad = t.grad if t.requires_grad or t.grad is not None else None
        if grad is not None:  # with its tensor, never reported on by itself
            g = grad.detach()
            g = g.elem if hasattr(g, "elem") else g
            if str(g.dtype).removeprefix("torch.") in DTYPES and g.layout == torch.strided and not g.is_meta:
                node["gr"] = {"t": [str(g.dtype).removeprefix("torch."), list(g.shape), self.raw(g)]}
        index = len(self.tensors)
        self.tensors.append(t)
        if not fresh:
            self._memo[id(t)] = index
        if self.on_tensor is not None:
            self.on_tensor(t, node)
        return node

    def raw(self, data: torch.Tensor) -> int:
        flat = _flat(data)
        if flat.dtype == torch.bool:
            flat = flat.to(torch.uint8)
        self.buffers.append(flat.view(torch.uint8).numpy().data if flat.numel() else b"")
        return len(self.buffers) - 1


def _same_shape(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    sa, sb = a.state_dict(keep_vars=True), b.state_dict(keep_vars=True)
    return [type(m) for m in a.modules()] == [type(m) for m in b.modules()] and list(sa) == list(sb) and all(
        sa[k].shape == sb[k].shape and sa[k].dtype == sb[k].dtype for k in sa)


def _take_state(net: torch.nn.Module, new: torch.nn.Module) -> None:
    """net becomes what new describes: its values and training flags; its tensors stay its own."""
    with torch.no_grad():
        for t, u in zip(net.state_dict(keep_vars=True).values(), new.state_dict(keep_vars=True).values(),
                        strict=True):
            t.copy_(u)
            if isinstance(t, torch.nn.Parameter):
                t.requires_grad_(u.requires_grad)
    for m, n in zip(net.modules(), new.modules(), strict=True):
        m.training = n.training


_NUMBERS = itertools.count(1)


class Decoder:
    """Builds values from a header tree and its buffers. own(id) returns the receiver's own exported object;
    remote(node) makes a proxy for a handle; args: the receiver's tensors of the request this answers."""

    def __init__(self, buffers: list[bytes], own, remote, args: list[torch.Tensor] | None = None,
                 sent: list | None = None, received: dict | None = None):
        self.buffers, self.own, self.remote, self.args = buffers, own, remote, args or []
        self.sent = sent if sent is not None else []  # the receiver's lists and dicts sent this exchange, by key
        self.received = received if received is not None else {}  # id -> (list or dict built here, sender's key)
        self.origins: dict[int, tuple] = {}  # our copies of the sender's nets: id -> (its id, copy) (the Peer's)
        self.layers: dict[int, torch.nn.Module] = {}  # the layers of those, by the sender's number (the Peer's)
        self.containers: list = []  # the lists and dicts built, in the sender's order
        self.shapes: list = []  # what each held when built (changes reports those that changed)
        self.tensors: list[torch.Tensor] = []  # in the sender's order, for the report back
        self.originals: list[tuple] = []  # (bytes, grad bytes or None, kind, memory) as received
        self.had_history: list[torch.Tensor] = []  # tensors that arrive as leaves, non-leaves where they were sent
        self.graphs: list[tuple[torch.Tensor, int]] = []  # results the sender can differentiate: (tensor, graph id)
        self.nets: list = []  # (net rebuilt here, the sender's id of its original)
        self.given: dict[int, object] = {}  # our nets the sender rebuilt (the Peer's): only these come back by "R"
        self.returnable: set[int] | None = None  # where set, only these of them
        self.simulating = None  # where set, a simulated-GPU tensor comes only while it says so (the Peer's)

    def _layer(self, number, built: torch.nn.Module) -> torch.nn.Module:
        """The layer the sender numbered so, built before (its state now what built holds), or built, kept."""
        if type(number) is not int or number <= 0:
            raise ProtocolError("a layer with no number")
        same = self.layers.get(number)
        if same is not None and same is not built and type(same) is type(built) and _same_shape(same, built):
            _take_state(same, built)
            return same
        self.layers[number] = built
        return built

    def __call__(self, node):
        if node is None or isinstance(node, (bool, str)):
            return node
        if isinstance(node, int):
            return node
        if isinstance(node, float):
            return node
        if not isinstance(node, dict) or len(node) == 0:
            raise ProtocolError("a value of no known kind")
        if "t" in node:
            return self.tensor(node)
        if "meta" in node and set(node) <= {"meta", "rg", "p"}:
            spec = node["meta"]
            if not (isinstance(spec, list) and len(spec) == 2 and spec[0] in DTYPES and isinstance(spec[1], list)
                    and len(spec[1]) <= DIMS_LIMIT and all(type(n) is int and 0 <= n < 2**40 for n in spec[1])):
                raise ProtocolError("a meta tensor that is not one")
            # made with every mode off: a simulated GPU's mode, on in the test, made it a CPU tensor of empty()'s
            # bytes, the driver's freed memory (red team I57)
            with torch._C.DisableTorchFunction(), _no_dispatch_modes():
                t = torch.empty(spec[1], dtype=DTYPES[spec[0]], device="meta")
            rg = node.get("rg") is True and t.dtype.is_floating_point
            return torch.nn.Parameter(t, requires_grad=rg) if node.get("p") is True else t.requires_grad_(rg)
        if "O" in node and len(node) == 1:
            return wirenets.build_optimizer(node["O"], self)
        if "M" in node and set(node) == {"M", "x"} and type(node["x"]) is int:
            net = wirenets.build(node["M"], self, self._layer)
            same = next((n for origin, n in self.origins.values() if origin == node["x"]), None)
            if same is not None and _same_shape(same, net):  # the sender's net sent again: the one built before, so
                _take_state(same, net)  # `is` answers as in one process (red team I4: a cached net read as new)
                net = same
            self.nets.append((net, node["x"]))
            return net
        if len(node) == 2 and type(node.get("k")) is int and set(node) & {"L", "D", "C", "OD", "T"}:
            return self.container(node)
        if len(node) != 1:
            raise ProtocolError("a value of no known kind")
        (tag, body), = node.items()
        if tag in ("T", "S") and isinstance(body, list):
            items = [self(v) for v in body]
            if tag == "S":
                if not all(type(v) is int for v in items):
                    raise ProtocolError("a torch.Size of no integers")
                return torch.Size(items)
            return tuple(items)
        if tag == "NS" and isinstance(body, list):
            ns = types.SimpleNamespace()
            for pair in body:
                if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                        and pair[0].isidentifier() and not pair[0].startswith("__")):
                    raise ProtocolError("a namespace entry that is not one")
                setattr(ns, pair[0], self(pair[1]))
            return ns
        if tag == "I" and isinstance(body, str) and re.fullmatch(r"-?[0-9]+", body) and len(body) < 400:
            return int(body)
        if tag == "F" and body in ("nan", "inf", "-inf"):
            return float(body)
        if tag == "nn" and isinstance(body, str) and wirenets.builtin(getattr(torch.nn, body, None)):
            return getattr(torch.nn, body)
        if tag == "dt" and body in DTYPES:
            return DTYPES[body]
        if tag == "dv" and isinstance(body, str) and len(body) < 64:
            try:
                return torch.device(body)
            except RuntimeError:
                raise ProtocolError(f"no device {body!r}") from None
        if tag == "N" and isinstance(body, dict) and set(body) == {"t"}:
            t = self.tensor(body)
            self.tensors.pop()  # an array is no tensor to report on
            self.originals.pop()
            return t.numpy()
        if tag == "P" and isinstance(body, str) and len(body) < 4096 and "\0" not in body:
            return pathlib.Path(body)
        if tag == "m" and type(body) is int and 0 <= body < len(self.tensors):
            return self.tensors[body]
        if tag == "a" and type(body) is int and 0 <= body < len(self.args):
            return self.args[body]
        if tag == "ac" and type(body) is int and 0 <= body < len(self.sent):
            return self.sent[body]
        if tag == "r" and type(body) is int:
            return self.own(body)
        if tag == "R" and isinstance(body, list) and len(body) == 3 and isinstance(body[1], list):
            if type(body[0]) is not int or body[0] not in self.given:  # one lent by handle keeps its state here
                raise ProtocolError("a net sent back by value that was never sent by value")
            if self.returnable is not None and body[0] not in self.returnable:
                raise ProtocolError("a net sent back by value in a later call than the one that lent it")
            net = self.own(body[0])  # the receiver's own net, with the training flags and state the sender left
            if isinstance(net, torch.nn.Module):
                mods = list(net.modules())
                if len(mods) == len(body[1]) and all(type(f) is bool for f in body[1]):
                    for m, flag in zip(mods, body[1], strict=True):
                        m.training = flag
                self.adopt_state(net, body[2])
            return net
        if tag in ("rp", "rq") and isinstance(body, list) and len(body) == 2 and type(body[1]) is int:
            # a parameter of the receiver's own net (rp), or of its copy of the sender's net (rq)
            if tag == "rp" and body[0] not in self.given:
                raise ProtocolError("a reference to a parameter of a net never sent by value")
            net = self.own(body[0]) if tag == "rp" else next(
                (n for origin, n in self.origins.values() if origin == body[0]), None)
            params = list(net.parameters()) if isinstance(net, torch.nn.Module) else []
            if not 0 <= body[1] < len(params):
                raise ProtocolError("a reference to a parameter of no net")
            return params[body[1]]
        if tag == "h" and isinstance(body, dict):
            return self.remote(body)
        raise ProtocolError(f"a value of no known kind ({tag!r})")

    def container(self, node: dict):
        """A list, dict or tuple (with the sender's key, under which this side may send it back as itself)."""
        (tag, body), = ((t, b) for t, b in node.items() if t != "k")
        if tag not in ("L", "D", "C", "OD", "T") or not isinstance(body, list):
            raise ProtocolError("a value of no known kind")
        if tag == "T":  # immutable: its place is kept before its items are built, and nothing is reported on it
            index = len(self.containers)
            self.containers.append(None)
            self.shapes.append(None)
            out = tuple(self(v) for v in body)
            self.containers[index] = out
            self.received[id(out)] = (out, node["k"])
            return out
        out = [] if tag == "L" else {"D": dict, "C": collections.Counter, "OD": collections.OrderedDict}[tag]()
        index = len(self.containers)
        self.containers.append(out)
        self.shapes.append(None)
        self.received[id(out)] = (out, node["k"])
        if tag == "L":
            out.extend(self(v) for v in body)
        for pair in body if tag != "L" else ():
            if not isinstance(pair, list) or len(pair) != 2:
                raise ProtocolError("a dict entry that is no pair")
            key = self(pair[0])
            try:
                out[key] = self(pair[1])
            except TypeError:
                raise ProtocolError("a dict key that cannot be a key") from None
        self.shapes[index] = _shape(out)
        return out

    def held_as_built(self, containers: list) -> None:
        """What these lists and dicts hold now is what a report compares with (an optimizer's groups, as torch
        keeps them)."""
        for i, c in enumerate(self.containers):
            if any(c is x for x in containers):
                self.shapes[i] = _shape(c)

    def adopt_state(self, net: torch.nn.Module, entries) -> None:
        """A net of ours, back from the other side: its parameters and buffers as the other side left them (data,
        device, gradient), where they are not this message's own tensors (those are reported on as usual)."""
        state = net.state_dict(keep_vars=True)
        if not isinstance(entries, list):
            raise ProtocolError("a net's state that is not one")
        for entry in entries:
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
                raise ProtocolError("a net's state entry that is not one")
            new, cur = self(entry[1]), state.get(entry[0])
            if not isinstance(new, torch.Tensor):
                raise ProtocolError("a net's state entry that is no tensor")
            if cur is None or new is cur or new.shape != cur.shape or new.dtype != cur.dtype:
                continue
            with torch.no_grad():
                if kind(new) == kind(cur):
                    cur.copy_(new)
                else:  # moved to another device: replaced, as Module.to replaces what it cannot move in place
                    owner, _, name = entry[0].rpartition(".")
                    module = net.get_submodule(owner)
                    store = module._parameters if name in module._parameters else module._buffers
                    if isinstance(cur, torch.nn.Parameter):
                        new = torch.nn.Parameter(new.detach(), requires_grad=cur.requires_grad)
                    store[name] = cur = new
            if cur.requires_grad or new.grad is not None:
                cur.grad = new.grad

    def tensor(self, node: dict):
        spec = node["t"]
        if not (isinstance(spec, list) and len(spec) == 3 and spec[0] in DTYPES and isinstance(spec[1], list)
                and len(spec[1]) <= DIMS_LIMIT and all(type(n) is int and 0 <= n < 2**40 for n in spec[1])
                and type(spec[2]) is int and 0 <= spec[2] < len(self.buffers)):
            raise ProtocolError("a tensor description that is not one")
        dtype, shape, raw = DTYPES[spec[0]], spec[1], self.buffers[spec[2]]
        numel = math.prod(shape)
        if numel * _itemsize(dtype) != len(raw):
            raise ProtocolError(f"a tensor of {numel} {spec[0]} elements in {len(raw)} bytes")
        if numel == 0:
            t = torch.empty(shape, dtype=dtype, device="cpu")
        elif dtype == torch.bool:
            t = torch.frombuffer(bytearray(raw), dtype=torch.uint8).ne(0).reshape(shape)  # 7 is True, stored as 1
        else:
            # (in memory torch allocates, as any tensor made in the process: the from-scratch guard refuses a result
            # over memory it did not, and a reference's answer passed on by learner code is one: red team I40)
            t = torch.frombuffer(bytearray(raw), dtype=torch.uint8).clone().view(dtype).reshape(shape)
        grad = None
        if "gr" in node:
            if not isinstance(node["gr"], dict) or "t" not in node["gr"]:
                raise ProtocolError("a gradient that is no tensor")
            grad = self.tensor(node["gr"])
            self.tensors.pop()  # a gradient is reported with its tensor, not by itself
            self.originals.pop()
        if node.get("sim") is True:  # the simulated GPU's: data here, device meta
            from katas.simdevice import SimTensor

            if self.simulating is not None and not self.simulating():
                raise ProtocolError("a simulated-GPU tensor in a test that is not on the simulated GPU")

            t = SimTensor(t)
            grad = SimTensor(grad) if grad is not None else None
        if node.get("p") is True:  # (only a float or complex tensor can require grad: else as Python would refuse it)
            t = torch.nn.Parameter(t, requires_grad=node.get("rg") is True and (t.dtype.is_floating_point
                                                                                or t.dtype.is_complex))
        elif node.get("rg") is True and (t.dtype.is_floating_point or t.dtype.is_complex):
            t.requires_grad_(True)
            if node.get("leaf") is False:  # the sender's has a history; this one is a leaf (katas/workerpeer.py)
                self.had_history.append(t)
        if grad is not None and grad.shape == t.shape and t.dtype == grad.dtype:
            t.grad = grad
        self.tensors.append(t)
        self.originals.append((raw, None if grad is None else _bytes(grad), kind(t), _memory(t)))
        g = node.get("g")
        if isinstance(g, list) and len(g) == 2 and all(type(x) is int for x in g):
            self.graphs.append((t, tuple(g)))
        return t


def _flat(data: torch.Tensor) -> torch.Tensor:
    """A copy with stride 1 (contiguous() keeps a stride of 0 on a dimension of size 1, which view refuses)."""
    return torch.empty(data.numel(), dtype=data.dtype, device="cpu").copy_(data.reshape(-1))


def _itemsize(dtype: torch.dtype) -> int:
    return torch.empty((), dtype=dtype, device="cpu").element_size()


def _bytes(t: torch.Tensor) -> bytes:
    data = t.detach()
    data = data.elem if hasattr(data, "elem") else data
    flat = _flat(data)
    if flat.dtype == torch.bool:
        flat = flat.to(torch.uint8)
    return flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""


def kind(t: torch.Tensor) -> str:
    """Where a tensor lives, as the wire tells it: meta, the simulated GPU, or the CPU."""
    from katas.simdevice import SimTensor

    return "meta" if t.is_meta else "sim" if isinstance(t, SimTensor) else "cpu"


MUTABLE = (list, dict, collections.Counter, collections.OrderedDict)


def _shape(c) -> tuple:
    """What a list or dict holds, by identity: a changed shape is reported back."""
    return tuple(map(id, c)) if type(c) is list else tuple((id(k), id(v)) for k, v in c.items())


def container_changes(dec: Decoder, encode: Encoder) -> list:
    """The new contents of the lists and dicts a request brought that learner code changed (append, d[k] += 1)."""
    out = []
    for i, (c, shape) in enumerate(zip(dec.containers, dec.shapes, strict=True)):
        if shape is not None and _shape(c) != shape:
            if type(c) is list:
                out.append([i, [encode(v, 4) for v in c]])
            else:
                out.append([i, [[encode(k, 4), encode(v, 4)] for k, v in c.items()]])
    return out


def apply_container_changes(containers: list, report, decode: Decoder) -> None:
    """The sender's side: its own lists and dicts changed in place as the receiver's copies were."""
    if not isinstance(report, list):
        raise ProtocolError("a report on the call's lists that is not one")
    for entry in report:
        if not (isinstance(entry, list) and len(entry) == 2 and type(entry[0]) is int
                and 0 <= entry[0] < len(containers) and isinstance(entry[1], list)):
            raise ProtocolError("a report on a list that is not one")
        c = containers[entry[0]]
        if type(c) not in MUTABLE:  # a tuple is sent keyed too, and never changes (red team I9)
            raise ProtocolError("a report of changes to a tuple")
        if type(c) is list:
            c[:] = [decode(v) for v in entry[1]]
            continue
        items = {}
        for pair in entry[1]:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise ProtocolError("a dict entry that is no pair")
            try:
                items[decode(pair[0])] = decode(pair[1])
            except TypeError:
                raise ProtocolError("a dict key that cannot be a key") from None
        c.clear()
        c.update(items)


def _memory(t: torch.Tensor):
    """Where t's values live (its storage and offset), or None where a tensor subclass has no storage to ask."""
    try:
        return t.untyped_storage().data_ptr(), t.storage_offset()
    except (RuntimeError, NotImplementedError, TypeError):
        return None


def changes(tensors: list[torch.Tensor], originals: list[tuple], encode: Encoder) -> list:
    """What became of the tensors a request brought (their data, gradient, requires_grad), for the sender."""
    out = []
    for t, (raw, grad_raw, where, memory) in zip(tensors, originals, strict=False):
        entry: dict = {"rg": bool(t.requires_grad)}
        data = t.detach()
        rebound = memory is not None and _memory(t) != memory  # X.data = ...: the values now live in new memory
        if rebound or kind(data) != where or where != "meta" and _bytes(data) != raw:  # moved, changed or rebound
            entry["d"] = encode.tensor(data.clone(), DEPTH_LIMIT - 6)
            if rebound:
                entry["n"] = True
        if t.grad is None:
            if grad_raw is not None:
                entry["g"] = None
        elif grad_raw is None or _bytes(t.grad) != grad_raw or t.grad.shape != t.shape:
            entry["g"] = encode.tensor(t.grad.detach().clone(), DEPTH_LIMIT - 6)
        out.append(entry)
    return out


def apply_changes(tensors: list[torch.Tensor], report, decode: Decoder) -> None:
    """The sender's side of changes(): its own tensors updated in place as the receiver's copies were."""
    if not isinstance(report, list) or len(report) != len(tensors):
        raise ProtocolError("a report on the call's tensors that does not match them")
    for t, entry in zip(tensors, report, strict=False):
        if not isinstance(entry, dict) or not set(entry) <= {"rg", "d", "g", "n"}:
            raise ProtocolError("a report on a tensor that is not one")
        with torch.no_grad():
            if "d" in entry:
                new = decode(entry["d"])
                if not isinstance(new, torch.Tensor):
                    raise ProtocolError("new data that is no tensor")
                # in place where the receiver's copy changed in place; new memory where it was rebound (red team I4:
                # `X.data = X + 1` read as an in-place update)
                same = new.shape == t.shape and new.dtype == t.dtype and kind(new) == kind(t)
                if same and entry.get("n") is not True:
                    t.copy_(new)
                else:
                    try:
                        t.data = new
                    except RuntimeError:  # not movable in place (a net's parameter: its net's state replaces it)
                        pass
            if "g" in entry:
                g = decode(entry["g"]) if entry["g"] is not None else None
                if g is not None and not isinstance(g, torch.Tensor):
                    raise ProtocolError("a gradient that is no tensor")
                if g is None:
                    t.grad = None
                elif t.grad is not None and t.grad.shape == g.shape and t.grad.dtype == g.dtype:
                    t.grad.copy_(g)
                elif g.shape == t.shape and g.dtype == t.dtype:
                    t.grad = g
        rg = entry.get("rg")
        if isinstance(rg, bool) and rg != t.requires_grad and t.is_leaf and (t.dtype.is_floating_point or not rg):
            t.requires_grad_(rg)


from katas import wirenets  # noqa: E402 - it builds on ProtocolError
