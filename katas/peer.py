"""One end of instructor mode's connection: requests out, and the other side's requests served while waiting.

Both ends run the same loop. A request's reply may be preceded by requests of the other side (the worker
calling a test-made function while the driver waits for its answer); each is served, in turn, before
the wait goes on. Tensors a request carries come back reported (wire.changes): their new data, gradient
and requires_grad are applied to the requester's own tensors, so in-place updates land where they would
in one process and rebinding changes nothing. What is not a value crosses as a handle to an export of
the sending side. What each side serves (handle) and how it builds a proxy (proxy) are its own: the
driver's in katas/remote.py, the worker's in katas/worker.py.
"""

from __future__ import annotations

import pickle  # for its exception's name only: nothing here unpickles
import random
import socket
import weakref

import torch

from katas import wire
from katas.wire import Decoder, Encoder, ProtocolError

# Exceptions a side may name for the other to raise as themselves; anything else arrives as RemoteError.
PLAIN_ERRORS = {e.__name__: e for e in (
    RuntimeError, TypeError, ValueError, IndexError, KeyError, AssertionError, NotImplementedError,
    ZeroDivisionError, AttributeError, StopIteration, OverflowError, pickle.UnpicklingError)}  # fmt: skip
MESSAGE_LIMIT = 4000
# Library functions a test may patch (monkeypatch.setattr(torch.cuda, "device_count", ...)) that learner code calls:
# the driver sends its patches with each call, and the worker applies them for the call's length, to the library
# and to the learner module's aliases of it (`from time import perf_counter`). Nothing else is patched across.
FORWARDED = ("torch.cuda.device_count", "torch.cuda.is_available", "torch.backends.mps.is_available", "time.time",
             "time.perf_counter", "time.monotonic",
             "random.randint")  # (the test of chapter 8's data iterators fixes the offset: red team I15)


def library(name: str):
    """(module, attribute name) of a FORWARDED function."""
    import importlib

    where, _, attr = name.rpartition(".")
    return importlib.import_module(where), attr


class RemoteError(Exception):
    """The other side raised an exception of a kind that does not cross as itself."""


class Peer:
    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.exports: dict[int, object] = {}
        self._export_ids: dict[int, int] = {}  # id(obj) -> export id (kept alive by exports)
        self._next = random.SystemRandom().randrange(1 << 20, 1 << 40)  # ids the other side cannot guess
        self._steps = random.Random(random.SystemRandom().getrandbits(64))  # not the global one, which learner
        # code sets in the worker (its steps would be the learner's to predict) and whose draws are the tests' own
        self._seq = 0
        self.calls = 0
        self.serving: list[Decoder] = []  # the requests being served, innermost last
        self.asking: list[Encoder] = []  # this side's requests awaiting their replies, innermost last
        # lists and dicts of this exchange (one request of the driver's, with all the calls it leads to): what this
        # side sent (by key) and what it received (id -> (object, the sender's key)); either goes back as itself
        self.sent: list = []
        self.received: dict[int, tuple] = {}
        self.graphs: dict[int, tuple[list, list]] = {}  # results handed out that the other side may differentiate
        self.origins: dict[int, tuple] = {}  # nets rebuilt here from the other side's: id -> (its id, the net)
        self.given: dict[int, object] = {}  # this side's nets the other side rebuilt: export id -> net
        # of those, the ones sent in this exchange; where only these may come back with a state (the driver's), a
        # later call cannot rewrite a net that an earlier one was lent (red team I10)
        self.given_now: set[int] = set()
        self.returns_only_given_now = False
        # where set (the driver's), whether the test runs on the simulated GPU now: only then may a simulated-GPU
        # tensor come (red team I58 wrapped CPU data as one in a test on the meta device, and passed)
        self.simulating = None
        # the layers inside nets that cross by value: each of this side's a number never used again, and each of the
        # other side's rebuilt here by its number, so that a layer sent again is the one built before (red team I48:
        # a builder returning its cached layers in a new Sequential passed "a new net on every call")
        self.layer_numbers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.layers: dict[int, object] = {}

    # --- what the subclasses define -------------------------------------------------------------------

    def handle(self, op: str, body):  # pragma: no cover - each side's own
        raise NotImplementedError

    def proxy(self, node: dict):  # pragma: no cover
        raise NotImplementedError

    def describe(self, obj) -> dict:
        """The handle of one of this side's objects: its export id, class name, and what it supports; for a
        proxy of the other side's object, a reference to it."""
        if getattr(type(obj), "_katas_proxy", False) and object.__getattribute__(obj, "_peer") is self:
            return {"ref": object.__getattribute__(obj, "_id")}
        key = id(obj)
        if key not in self._export_ids:
            self._next += self._steps.randrange(1, 1 << 12)
            self._export_ids[key] = self._next
            self.exports[self._next] = obj
        return {"id": self._export_ids[key], "c": type(obj).__name__[:80], "k": _kinds(obj)}

    def handed_out(self, obj) -> bool:
        """Whether obj is one of this side's objects that the other side holds a handle to."""
        return self.exports.get(self._export_ids.get(id(obj))) is obj

    def on_tensor(self, t: torch.Tensor, node: dict) -> None:
        """A result this side can differentiate: kept, so that the other side's backward can ask for its
        vector-Jacobian product (vjp)."""
        if t.requires_grad and t.grad_fn is not None and self.serving:
            request = self.serving[-1]
            if getattr(request, "graph", None) is None:
                request.graph = len(self.graphs) + 1
                self.graphs[request.graph] = ([], list(request.tensors))
            outs = self.graphs[request.graph][0]
            node["g"] = [request.graph, len(outs)]
            outs.append(t)

    def vjp(self, body):
        """Gradients of a kept result for the other side's cotangents: into this side's own leaves (its
        parameters) as one process's backward would, and for the request's tensors, returned."""
        graph = self.graphs.get(body.get("g"))
        grads = body.get("grads")
        if graph is None or not isinstance(grads, list) or len(grads) != len(graph[0]):
            raise ProtocolError("a backward of no result handed out")
        outs, inputs = graph
        pairs = [(o, g) for o, g in zip(outs, grads, strict=True) if isinstance(g, torch.Tensor)]
        saved = [x.grad for x in inputs]
        leaves = [x.is_leaf and x.requires_grad for x in inputs]
        for x, leaf in zip(inputs, leaves, strict=True):
            if leaf:
                x.grad = None
        if pairs:
            torch.autograd.backward([o for o, _ in pairs], [g for _, g in pairs], retain_graph=True)
        found = [x.grad if leaf else None for x, leaf in zip(inputs, leaves, strict=True)]
        for x, g, leaf in zip(inputs, saved, leaves, strict=True):
            if leaf:
                x.grad = g
        return found

    def ask_vjp(self, graph: int, grads: list):
        return self.request("vjp", {"g": graph, "grads": grads})[0]

    def remember(self, dec: Decoder) -> None:
        for net, origin in dec.nets:
            if type(origin) is int and origin > 0:
                self.origins[id(net)] = (origin, net)

    def own(self, ident):
        try:
            return self.exports[ident]
        except (KeyError, TypeError):
            raise ProtocolError(f"a reference to an object never handed out ({ident!r})") from None

    def decoder(self, buffers: list[bytes], args=None) -> Decoder:
        dec = Decoder(buffers, self.own, self.proxy, args=args, sent=self.sent, received=self.received)
        dec.origins, dec.given, dec.layers = self.origins, self.given, self.layers
        dec.returnable = self.given_now if self.returns_only_given_now else None
        dec.simulating = self.simulating
        return dec

    def encoder(self, own: dict[int, int] | None = None, reply: bool = False) -> Encoder:
        enc = Encoder(self.describe, own)
        enc.origins, enc.given, enc.given_now = self.origins, self.given, self.given_now
        enc.layer_numbers = self.layer_numbers
        enc.shared = {k: key for k, (_, key) in self.received.items()}
        enc.base = len(self.sent)
        if reply:  # a reply's differentiable results are kept; a request's arguments are the other side's copies
            enc.on_tensor = self.on_tensor
        return enc

    # --- the loop --------------------------------------------------------------------------------------

    def request(self, op: str, body=None):
        """Send a request, serve the other side's until its reply comes; returns (value, decoder)."""
        self._seq += 1
        seq = self._seq
        enc = self.encoder()
        tree = enc(body)
        wire.send(self.sock, {"op": op, "q": seq, "b": tree}, enc.buffers)
        self.sent += enc.containers
        self.calls += 1
        self.asking.append(enc)
        try:
            while True:
                header, buffers = wire.recv(self.sock)
                kind = header.get("op")
                if kind in ("ok", "err"):
                    if header.get("re") != seq:
                        raise ProtocolError("a reply to no request of ours")
                    dec = self.decoder(buffers, args=enc.tensors)
                    if kind == "err":
                        e = self.error(header, op)
                        if isinstance(e, StopIteration) and op != "next":  # as PEP 479 does: map() must not end early
                            e = RuntimeError(f"StopIteration raised by a call ({e}): only next() may end an iteration")
                        raise e
                    value = dec(header.get("v"))  # in the order the reply was encoded: value, tensors, lists
                    wire.apply_changes(enc.tensors, header.get("c", []), dec)
                    wire.apply_container_changes(enc.containers, header.get("cc", []), dec)
                    self.remember(dec)
                    return (bridge(self, value, dec) if dec.graphs else value), dec
                if not isinstance(kind, str):
                    raise ProtocolError("a message of no kind")
                self.serve(header, buffers)
        finally:
            self.asking.pop()
            self._idle()

    def serve(self, header: dict, buffers: list[bytes]) -> None:
        seq = header.get("q")
        if type(seq) is not int:
            raise ProtocolError("a request without a number")
        dec = self.decoder(buffers)
        body = dec(header.get("b"))
        self.remember(dec)
        self.serving.append(dec)
        try:
            result = self.handle(header["op"], body)
            enc = self.encoder({id(t): i for i, t in enumerate(dec.tensors)}, reply=True)
            value = enc(result)
            report = wire.changes(dec.tensors, dec.originals, enc)
            lists = wire.container_changes(dec, enc)
        except ProtocolError:
            raise
        except BaseException as e:  # noqa: BLE001 - whatever the code we called raised goes back as a reply
            if not isinstance(e, Exception) and not self.contains_errors():
                raise  # the driver's own stop (a timeout, an interrupt) ends the connection, never crosses
            self.reply_error(seq, e)
            self._idle()
            return
        finally:
            self.serving.pop()
        wire.send(self.sock, {"op": "ok", "re": seq, "v": value, "c": report, **({"cc": lists} if lists else {})},
                  enc.buffers)
        self.sent += enc.containers
        self._idle()

    def _idle(self) -> None:
        """The exchange is over: its lists and dicts are forgotten (and the ids of the ones received are free), and
        so are the nets it sent."""
        if not self.asking and not self.serving:
            self.sent.clear()
            self.received.clear()
            self.given_now.clear()

    def contains_errors(self) -> bool:
        """Whether this side turns every exception of the code it runs into a reply (the worker does)."""
        return False

    def reply_error(self, seq: int, e: BaseException) -> None:
        wire.send(self.sock, {"op": "err", "re": seq, **describe_error(e)}, [])

    def error(self, header: dict, op: str = "") -> BaseException:
        """The exception a reply to request op names, as this side raises it."""
        kind, msg = header.get("type"), header.get("msg")
        if not isinstance(kind, str) or not isinstance(msg, str):
            raise ProtocolError("an error reply without a type and a message")
        msg = msg[:MESSAGE_LIMIT]
        if kind in PLAIN_ERRORS:
            return PLAIN_ERRORS[kind](msg)
        return RemoteError(f"{kind[:80]}: {msg}")


class _Bridge(torch.autograd.Function):
    """The other side's differentiable results as outputs of this side's graph: backward asks for the VJP."""

    @staticmethod
    def forward(ctx, peer, graph, outs, positions, dummy, *inputs):
        ctx.peer, ctx.graph, ctx.positions = peer, graph, positions
        ctx.mark_non_differentiable(*[o for o in outs if not (o.is_floating_point() or o.is_complex())])
        return tuple(o.detach() for o in outs)

    @staticmethod
    def backward(ctx, *grads):
        found = ctx.peer.ask_vjp(ctx.graph, list(grads))
        if not isinstance(found, list):
            raise ProtocolError("a backward answered with no gradients")
        picked = []
        for i, x in ctx.positions:
            g = found[i] if i < len(found) else None
            picked.append(g if isinstance(g, torch.Tensor) and g.shape == x.shape and g.dtype == x.dtype else None)
        return (None, None, None, None, None, *picked)


def bridge(peer: Peer, value, dec: Decoder):
    """value with each differentiable result replaced by the output of a _Bridge over the request's tensors."""
    by_graph: dict[int, list] = {}
    for t, (graph, k) in dec.graphs:
        by_graph.setdefault(graph, []).append((k, t))
    swap: dict[int, torch.Tensor] = {}
    for graph, items in by_graph.items():
        items.sort(key=lambda kt: kt[0])
        outs = [t for _, t in items]
        inputs = [(i, x) for i, x in enumerate(dec.args) if x.requires_grad]
        # backward reaches the other side even when no input of ours requires grad
        dummy = torch.zeros((), device="cpu", requires_grad=True)
        with torch.enable_grad():
            new = _Bridge.apply(peer, graph, outs, inputs, dummy, *[x for _, x in inputs])
        for old, t in zip(outs, new, strict=True):
            if t.requires_grad:
                swap[id(old)] = t
    return _substitute(value, swap)


def _substitute(value, swap):
    if isinstance(value, torch.Tensor):
        return swap.get(id(value), value)
    if type(value) in (list, tuple):
        return type(value)(_substitute(v, swap) for v in value)
    if type(value) is dict:
        return {k: _substitute(v, swap) for k, v in value.items()}
    return value


def describe_error(e: BaseException) -> dict:
    from katas.checks import KataFailure

    out = {"type": type(e).__name__, "msg": str(e)[:MESSAGE_LIMIT]}
    if isinstance(e, KataFailure):
        out.update(type="KataFailure", en=str(e.en)[:MESSAGE_LIMIT], zh=str(e.zh)[:MESSAGE_LIMIT])
    elif isinstance(e, SystemExit):
        out.update(type="SystemExit", msg=repr(e.code)[:200])
    elif type(e).__name__ not in PLAIN_ERRORS:
        for base in type(e).__mro__:  # a subclass of a plain error crosses as that error
            if base.__name__ in PLAIN_ERRORS and PLAIN_ERRORS[base.__name__] is base:
                out["type"] = base.__name__
                break
    return out


def _kinds(obj) -> str:
    """What a handle supports, as letters: c(allable), i(terable), n(ext), m(odule), l(en)."""
    k = ""
    if callable(obj):
        k += "c"
    if hasattr(type(obj), "__iter__"):
        k += "i"
    if hasattr(type(obj), "__next__"):
        k += "n"
    if isinstance(obj, torch.nn.Module):
        k += "m"
    if isinstance(obj, torch.optim.Optimizer):
        k += "o"
    if hasattr(type(obj), "__len__"):
        k += "l"
    if isinstance(obj, type):
        k += "t"
    return k
