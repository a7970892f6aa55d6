"""What the worker (W) serves to the trusted driver (T), and the proxies through which learner code reaches T.

T asks: import the graded file (with the catalogue's forbidden shortcuts guarded and its `uses` names bound
to T's references), get a name, call, read or set an attribute, iterate, take a length or an item,
differentiate a result it handed out (vjp). W runs whatever learner code that takes, in its own process.

Learner code reaches T's objects (test nets, the references, updaters, iterators) only through TProxy:
call, iterate, next, len and a few method names; T decides what it serves (katas/remote.py).
"""

from __future__ import annotations

import contextlib
import random
import sys
from pathlib import Path

import torch

from katas import wire, wirefigures, wirenets
from katas.peer import FORWARDED, Peer, library
from katas.wire import ProtocolError


class TProxy:
    """One of T's objects as learner code sees it: call it, iterate it, read what T allows; nothing else."""

    __slots__ = ("_peer", "_id", "_kinds", "_name")
    _katas_proxy = True

    def __init__(self, peer, node):
        object.__setattr__(self, "_peer", peer)
        object.__setattr__(self, "_id", node["id"])
        object.__setattr__(self, "_kinds", node.get("k", ""))
        object.__setattr__(self, "_name", str(node.get("c", "object"))[:80])

    def __call__(self, *args, **kwargs):  # in T under W's grad mode (W's word: a G-claim, see the README)
        return self._peer.request("call", {"h": self, "a": list(args), "k": kwargs,
                                           "grad": torch.is_grad_enabled()})[0]

    def __iter__(self):
        return self._peer.request("iter", {"h": self})[0]

    def __next__(self):
        return self._peer.request("next", {"h": self})[0]

    def __len__(self):
        return self._peer.request("len", {"h": self})[0]

    def __getitem__(self, key):
        return self._peer.request("item", {"h": self, "key": key})[0]

    def __bool__(self):  # `if f_grad:` on a test's function
        return bool(self._peer.request("bool", {"h": self})[0])

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._peer.request("attr", {"h": self, "n": name})[0]

    def __enter__(self):  # T refuses, in its own words
        return self._peer.request("inside", {"h": self, "n": "with"})[0]

    def __exit__(self, *exc):
        return None

    def __repr__(self):
        return f"<the test's {self._name}>"


class TModule(torch.nn.Module):
    """A net of the test's as learner code sees it: an nn.Module whose forward, train and eval run in T."""

    _katas_proxy = True

    def __init__(self, peer, node):
        super().__init__()
        object.__setattr__(self, "_peer", peer)
        object.__setattr__(self, "_id", node["id"])
        object.__setattr__(self, "_proxy", TProxy(peer, node))

    def forward(self, *args, **kwargs):
        return self._proxy(*args, **kwargs)

    def __getattr__(self, name):  # what nn.Module does not hold here: asked of T (which lends little)
        try:
            return super().__getattr__(name)
        except AttributeError:
            if name.startswith("_"):
                raise
            return getattr(object.__getattribute__(self, "_proxy"), name)

    def train(self, mode: bool = True):
        self._proxy.train(mode)
        object.__setattr__(self, "training", mode)
        return self

    def parameters(self, recurse: bool = True):
        return self._proxy.parameters(recurse)

    def to(self, *args, **kwargs):
        self._proxy.to(*args, **kwargs)
        return self

    def apply(self, fn):
        self._proxy.apply(fn)
        return self

    def _asked_of_t(name):  # noqa: N805 - T refuses: "not gradable" is its word only, never the worker's
        def method(self, *args, **kwargs):
            return self._peer.request("inside", {"h": self._proxy, "n": name})[0]

        return method

    _LOOKS_INSIDE = ("modules", "children", "named_modules", "named_children", "named_parameters", "state_dict",
                     "load_state_dict", "buffers", "named_buffers", "__getitem__", "__iter__", "__len__")
    (modules, children, named_modules, named_children, named_parameters, state_dict, load_state_dict, buffers,
     named_buffers, __getitem__, __iter__, __len__) = map(_asked_of_t, _LOOKS_INSIDE)
    del _asked_of_t

    def __repr__(self):
        return f"<the test's {self._proxy._name}>"


class TOptimizer(torch.optim.Optimizer):
    """An optimizer of the test's: zero_grad and step run in T, on T's parameters."""

    _katas_proxy = True

    def __init__(self, peer, node):  # no Optimizer.__init__: the parameters are T's
        object.__setattr__(self, "_peer", peer)
        object.__setattr__(self, "_id", node["id"])
        object.__setattr__(self, "_proxy", TProxy(peer, node))

    def zero_grad(self, set_to_none: bool = True):
        self._proxy.zero_grad(set_to_none)

    def step(self, closure=None):
        return self._proxy.step(closure) if closure is not None else self._proxy.step()


class WorkerPeer(Peer):
    def __init__(self, sock, target: Path, work: Path | None = None):
        super().__init__(sock)
        self.work = work  # the worker's own working folder (in its private tmpfs): emptied for each new test
        self.target = target
        self.module = None
        self.names: tuple = ()
        self.forbid: tuple = ()
        self.exercise = ""
        self._guarded: dict[str, type] = {}
        self.folder = wirenets.Folder()

    def contains_errors(self) -> bool:
        return True

    def serve_forever(self) -> None:
        while True:
            try:
                header, buffers = wire.recv(self.sock)
            except (EOFError, OSError):
                return
            self.serve(header, buffers)

    def proxy(self, node):
        if not isinstance(node.get("id"), int):
            raise ProtocolError("a handle without an id")
        kinds = str(node.get("k", ""))
        if "m" in kinds:
            return TModule(self, node)
        if "o" in kinds:
            return TOptimizer(self, node)
        return TProxy(self, node)

    def handle(self, op: str, body):
        if not isinstance(body, dict):
            raise ProtocolError("a request without a body")
        if op == "load":
            return self.load(body)
        if op == "get":
            return self.get(body.get("name"))
        if op == "vjp":
            return self.vjp(body)
        if op in ("global", "setglobal", "delglobal") and self.module is not None and isinstance(body.get("n"), str):
            name = body["n"]
            if op == "global":
                return [hasattr(self.module, name), getattr(self.module, name, None)]
            if op == "setglobal":
                setattr(self.module, name, body.get("v"))
            elif hasattr(self.module, name):
                delattr(self.module, name)
            return None
        if "ctx" not in body:
            raise ProtocolError(f"no operation {op!r}")
        ctx = body["ctx"]
        if not isinstance(ctx, dict):
            raise ProtocolError("a request's context that is not one")
        if ctx.get("fresh") is True:
            self.folder.seen = {}
            if self.work is not None and Path.cwd() == self.work:  # the sandbox's folder, never any other
                _empty(self.work)
        self.folder.write(ctx.get("files") or {})
        with self.context(ctx):
            out = self.run(op, body, body.get("h"))
        return [out, wirenets.as_tensors(self.folder.changed()),  # the files the call wrote
                wirefigures.describe() if wirefigures.changed() else None]

    def run(self, op: str, body: dict, obj):
        if op == "call":
            try:
                return obj(*body.get("a", ()), **body.get("k", {}))
            except RuntimeError as e:  # in one process the tensor had a history and the change was allowed
                if "leaf Variable that requires grad" in str(e) and any(
                        t.is_leaf and t.requires_grad for t in self.serving[-1].had_history):
                    self.request("leaf", {})  # not gradable, in T's word
                raise
        if op == "attr":
            return getattr(obj, body["n"])
        if op == "setattr":
            setattr(obj, body["n"], body["v"])
            return None
        if op == "iter":
            return iter(obj)
        if op == "next":
            return next(obj)
        if op == "len":
            return len(obj)
        if op == "item":
            return obj[body["key"]]
        if op == "repr":
            return repr(obj)[:2000]
        if op == "bool":
            return bool(obj)
        raise ProtocolError(f"no operation {op!r}")

    @contextlib.contextmanager
    def context(self, body):
        """T's state for one call: its random generators, grad mode, the simulated GPU when T is on it."""
        if not isinstance(body, dict):
            raise ProtocolError("a request's context that is not one")
        rng = body.get("rng")
        if isinstance(rng, list) and len(rng) == 2:
            if rng[0] is not None:
                torch.set_rng_state(rng[0])
            if rng[1] is not None:
                random.setstate(_as_state(rng[1]))
        grad = torch.is_grad_enabled()
        torch.set_grad_enabled(bool(body.get("grad", True)))
        stack = contextlib.ExitStack()
        device = body.get("device")
        try:
            stack.enter_context(self.patched(body.get("patch") or {}))
            if isinstance(device, torch.device):
                stack.enter_context(torch.device(device))
            if body.get("sim"):
                from katas.simdevice import simulated

                with simulated():
                    yield
            else:
                yield
        finally:
            stack.close()
            torch.set_grad_enabled(grad)

    @contextlib.contextmanager
    def patched(self, patches):
        """The test's patches of FORWARDED library functions, for one call: on the library and on the learner
        module's aliases of the original."""
        if not isinstance(patches, dict) or not set(patches) <= set(FORWARDED):
            raise ProtocolError("a patch of a library function that is not forwarded")
        undo = []
        try:
            for name, value in patches.items():
                module, attr = library(name)
                original = getattr(module, attr)
                undo.append((module, attr, original))
                setattr(module, attr, value)
                for var, v in list(vars(self.module).items()) if self.module is not None else ():
                    if v is original:
                        undo.append((self.module, var, v))
                        setattr(self.module, var, value)
            yield
        finally:
            for module, attr, original in reversed(undo):
                setattr(module, attr, original)

    def load(self, body):
        from katas.target import import_file

        self.names, self.forbid = tuple(body.get("names", ())), tuple(body.get("forbid", ()))
        self.exercise = str(body.get("exercise", ""))
        self.module = import_file(self.target / body["file"], "target")
        for name, proxy in (body.get("uses") or {}).items():
            setattr(self.module, name, proxy)
        return None

    def get(self, name):
        """[found, the object]: as fixtures.Target gives it (the forbidden shortcuts guarded)."""
        from katas.forbid import guarded, guarded_class

        if self.module is None or name not in self.names or not hasattr(self.module, name):
            return [False, None]
        obj = getattr(self.module, name)
        if self.forbid and isinstance(obj, type):
            if name not in self._guarded:
                self._guarded[name] = guarded_class(obj, self.forbid, name)
            return [True, self._guarded[name]]
        if self.forbid and callable(obj):
            return [True, guarded(obj, self.forbid, name)]
        return [True, obj]


def _empty(folder: Path) -> None:
    import shutil

    for p in folder.iterdir():
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def _as_state(state):
    if isinstance(state, (list, tuple)) and len(state) == 3:
        return (state[0], tuple(state[1]), state[2])
    raise ProtocolError("a random state that is not one")


def _torch_class(name):
    return {"Module": torch.nn.Module, "Parameter": torch.nn.Parameter, "Tensor": torch.Tensor,
            "Sequential": torch.nn.Sequential, "Optimizer": torch.optim.Optimizer}.get(name)


sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
