"""Instructor mode's trusted side (T): `impl` as a RemoteImpl whose every use is a request to the worker (W).

The test child runs the unchanged tests, checks, `ref` and the `uses` references; the learner's code runs
only in W (katas/worker.py), one worker per exercise, started afresh after any death, timeout or protocol
violation. Values cross by value (katas/wire.py): tensors an argument, updated in T's own memory as W's
copies were; results that are not values come back as RemoteObject handles. T's own objects handed to
learner code (the references of `uses`, test-made functions, iterators, nets) are capabilities: W may
call them, iterate them, take their length, and call a few methods (TrustedPeer.handle), nothing else.
A check that fails inside such a call is sticky: learner code may catch it in W, T raises it anyway.
A W result that requires grad is the output of a T-side autograd Function whose backward asks W.

What has no mechanism here raises InstructorUnsupported, which the report shows as
"not gradable in instructor mode: <reason>".
"""

from __future__ import annotations

import functools
import os
import pickle  # its exception's name only
import random
import socket
import sys
from pathlib import Path

import torch
from torch.utils._device import DeviceContext

from katas import arguments, wire, wirefigures, wirenets
from katas.cgroups import memory_limit
from katas.checks import KataFailure, fail
from katas.peer import FORWARDED, Peer, RemoteError, library
from katas.records import WORKER_NOT_STARTED, one_line
from katas.results import NOT_GRADABLE
from katas.sections import Sections, lend_to
from katas.testkit import D2L
from katas.wire import ProtocolError

READY_LIMIT = 30.0  # seconds a worker may take to say it is ready
CALLBACK_LIMIT = 10_000  # calls to the test's objects one test may make (each costs 1-5 ms)
METHODS = {  # what learner code may call on T's objects, by kind
    torch.nn.Module: ("train", "eval", "forward", "training", "to", "apply"),
    torch.optim.Optimizer: ("zero_grad", "step"),
}


def _reference(obj) -> bool:
    """An object of the reference solutions' own classes (katas.target's "ref" modules), or d2l's sections."""
    from katas.sections import Sections

    module = getattr(type(obj), "__module__", "") or ""
    return module.startswith(("katas_ref_", "katas_d2l_")) or isinstance(obj, Sections)


class InstructorUnsupported(KataFailure):
    """A test needs a mechanism instructor mode does not have (yet)."""

    def __init__(self, reason: str):
        reason = one_line(reason, 600)  # one line: names of the code's own (its classes') in it may hold line breaks
        super().__init__(f"{NOT_GRADABLE}{reason}", f"教师模式下无法批改：{reason}")
        self.reason = reason


class WorkerLost(KataFailure):
    """The worker died, hung or broke the protocol: the test fails, the worker is gone."""


def unsupported(reason: str):
    raise InstructorUnsupported(reason)


# --- the connection ------------------------------------------------------------------------------------


class Connection:
    """One worker: its peer, its life line, what it has loaded."""

    def __init__(self, target: Path, data: list[str]):
        fd = os.environ.get("KATAS_ZYGOTE_FD")
        if not fd:
            fail("instructor mode: no worker process to run your code (the grader started no zygote)",
                 "教师模式：没有运行你的代码的工作进程")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        life_r, self.life = os.pipe()
        try:
            socket.send_fds(_zygote(int(fd)), [b"worker"], [theirs.fileno(), life_r])
        except OSError as e:  # ETOOMANYREFS: the user's count of descriptors in flight is full; the runner reads
            # the errno in this message and grades the exercise again alone
            raise WorkerLost(f"{WORKER_NOT_STARTED} ({e})",
                             f"教师模式：无法启动工作进程（{e}）") from None
        finally:
            theirs.close()
            os.close(life_r)
        from katas.catalog import ROOT
        from katas.target import sources

        exercises = frozenset(p.name for p in (ROOT / "solutions").glob("*.py"))  # the exercises' files, by name
        files, self.left_out = sources(target, exercises)
        threads = torch.get_num_threads()
        ours.settimeout(READY_LIMIT)
        self.peer = TrustedPeer(ours)
        try:
            names = list(files)  # the files' bytes as buffers: their size is what they hold, whatever JSON would
            # make of their text (red team I32's control characters took six times their bytes there)
            wire.send(ours, {"op": "setup", "files": {n: i for i, n in enumerate(names)}, "target": str(target),
                             "data": data, "threads": threads, "interfaces": _interfaces()},
                      [files[n].encode("utf-8", "surrogateescape") for n in names])
            header, _ = wire.recv(ours)
        except (OSError, EOFError, ProtocolError) as e:
            self.close()
            raise WorkerLost(f"instructor mode: the worker did not start ({e})",
                             f"教师模式：工作进程没有启动（{e}）") from None
        ours.settimeout(None)
        self.walls = header.get("walls", []), header.get("missing", [])
        _walled_in(self, header)
        self.loaded: str | None = None
        self.names: dict[str, object] = {}
        self.lent: dict[str, object] = {}  # the learner module's names that hold T's objects (ModuleGlobals)

    def close(self) -> None:
        if self.life is not None:
            os.close(self.life)  # the zygote kills the worker
            self.life = None
        try:
            self.peer.sock.close()
        except OSError:
            pass

    @property
    def alive(self) -> bool:
        return self.life is not None


def _walled_in(conn: Connection, header: dict) -> None:
    """The worker's ready report, read before any learner code runs there: walls that did not hold fail the test."""
    from katas.worker import refusals

    walls, theirs = header.get("walls"), header.get("refused")
    refused = refusals(header.get("uid"), walls if isinstance(walls, list) else [])
    refused += [str(r)[:200] for r in theirs[:4]] if isinstance(theirs, list) else []
    if refused:
        conn.close()
        why = "; ".join(dict.fromkeys(refused))
        raise WorkerLost(f"instructor mode: the worker is not walled in ({why}), so your code is not run",
                         f"教师模式：工作进程没有被隔离（{why}），因此不运行你的代码")


_zygote_sock: socket.socket | None = None


def _zygote(fd: int) -> socket.socket:
    global _zygote_sock
    if _zygote_sock is None:
        _zygote_sock = socket.socket(fileno=fd)
    return _zygote_sock


_current: Connection | None = None


def connection(target: Path, data: list[str]) -> Connection:
    global _current
    if _current is None or not _current.alive:
        _current = Connection(target, data)
        _last_rng[:] = [None, None, -1]
        _count_seeding()
        _folder.where = None
    return _current


def ask(op: str, body: dict):
    """A request to the current worker, run there with T's random state, grad mode and simulated device; anything
    but a reply (death, a hang stopped by the test's timeout, a protocol violation) ends the worker, and the test
    fails saying so."""
    if op in RUNS_LEARNER_CODE:
        _current.peer.drew = None
        try:
            reply = _ask(op, {**body, "ctx": _context()})
        finally:
            _unsteered()
        if not (isinstance(reply, list) and len(reply) == 3):
            _current.close()
            raise WorkerLost("the process running your code answered a call with no call's answer",
                             "运行你的代码的进程没有按协议回答调用")
        out, files, figures = reply
        if files:
            _folder.write(files)
        if figures is not None:
            if _current.peer.drew is not None:
                unsupported(f"your code drew with pyplot, and so did the test's {_current.peer.drew} that it called "
                            "(in the grader): a picture drawn on both sides does not come together yet")
            try:
                wirefigures.rebuild(figures)
            except ProtocolError as e:
                _current.close()
                raise WorkerLost(f"the process running your code described its pictures wrongly ({e})",
                                 f"运行你的代码的进程发来的图形描述无效（{e}）") from None
        return out
    return _untouched(op, body)


def _untouched(op: str, body: dict):
    """A request that is no call of learner code, though learner code may run in it (a module's __getattr__, an import,
    a custom backward) and make the test's objects draw from T's generators: they are put back as they were before
    it, drawn from or not (red team I40 read a global through a class of its own that shuffled a lent data_iter until
    the test's next random.choice suited its bug)."""
    state, py = torch.get_rng_state(), random.getstate()
    try:
        return _ask(op, body)
    finally:
        if random.getstate() != py:
            random.setstate(py)
        if not torch.equal(torch.get_rng_state(), state):
            torch.set_rng_state(state)


def _unsteered() -> None:
    """T's generators after a request that ran learner code, which may make the test's objects draw from them (a lent
    SeqDataLoader shuffles with T's random): seeded afresh from the system, whatever it drew, and after every such
    request (were it only after those that drew, drawing or not would choose). Red team I35's wrong
    load_data_time_machine drew until the test's next case, random.randint(2000, 5000), was one its bug passed. Not
    from where they stood before it: W is given that state, and red team I38's load_tensors computed from it the
    tensors the test drew next; nor with a secret of T's mixed in, which red team I39 read back from the seed the
    next call's state held."""
    fresh = random.SystemRandom()
    random.seed(fresh.getrandbits(64))
    torch.random.default_generator.manual_seed(fresh.getrandbits(63))  # (the CPU's, whatever the default device)


_folder = wirenets.Folder()  # this test's working folder, mirrored with the worker's around each call


RUNS_LEARNER_CODE = ("call", "attr", "setattr", "iter", "next", "len", "item", "repr", "bool")
# what one process raises where a test's object lacks the method learner code uses: a wrong answer fails, as there
_ONE_PROCESS_ERRORS = {"__getitem__": "'{}' object is not subscriptable", "__iter__": "'{}' object is not iterable",
                       "__len__": "object of type '{}' has no len()"}


def _ours(mode) -> bool:
    """The simulated GPU's modes (they go across as the "sim" flag)."""
    return type(mode).__module__ == "katas.simdevice"


_ORIGINALS = {name: getattr(*library(name)) for name in FORWARDED}  # as torch and time are before any test
# T's generators as last sent, and T's seedings then: W starts a call from T's state where T drew or seeded since the
# last call (else it goes on from where learner code left its own, as one process would), and T never takes W's
# back, so no learner code chooses the test's later cases (red team I2 set Python's to its all-zero state); a seed
# that brings T back to the state last sent counts too (red team I6: train_ch11's second test began where learner
# code had left W's generator)
_last_rng: list = [None, None, -1]
_seedings = [0]


def _count_seeding() -> None:
    """Count T's seedings (torch.manual_seed, set_rng_state, random.seed, setstate), once per process."""
    def counted(f):
        @functools.wraps(f)  # (the from-scratch look takes in a wrapper of torch's function, not another function)
        def seed(*args, **kwargs):
            _seedings[0] += 1
            return f(*args, **kwargs)
        seed.katas_counted = True
        return seed

    for module, names in ((torch, ("manual_seed", "set_rng_state")), (torch.random, ("manual_seed", "set_rng_state")),
                          (random, ("seed", "setstate"))):
        for name in names:
            if not getattr(getattr(module, name), "katas_counted", False):
                setattr(module, name, counted(getattr(module, name)))


def _context() -> dict:
    from torch.utils._python_dispatch import _get_current_dispatch_mode_stack


    modes = torch.overrides._get_current_function_mode_stack()
    device = next((m.device for m in modes if isinstance(m, DeviceContext)), None)  # `with torch.device(...)`
    watching = [m for m in modes if not _ours(m) and not isinstance(m, DeviceContext)]
    watching += [m for m in _get_current_dispatch_mode_stack() if not _ours(m)]
    if watching:
        unsupported(f"the test watches the torch calls your code makes ({type(watching[0]).__name__}), and those "
                    "happen in your process")
    from torch.nn.modules import module as nn_module

    if nn_module._global_forward_pre_hooks or nn_module._global_forward_hooks or nn_module._global_backward_hooks:
        unsupported("the test watches every module that runs (a global forward hook), and your modules run in your "
                    "process")
    state, py, seeded = torch.get_rng_state(), random.getstate(), _seedings[0]
    rng = [None if seeded == _last_rng[2] and torch.equal(state, _last_rng[0]) else state,
           None if seeded == _last_rng[2] and py == _last_rng[1] else py]
    _last_rng[:] = [state, py, seeded]  # T's own, never W's
    fresh = _folder.where != os.getcwd()
    if fresh:  # a new test, a new folder: the worker's is emptied too
        _folder.where, _folder.seen = os.getcwd(), {}
    now = {name: getattr(*library(name)) for name in FORWARDED}
    patched = {name: value for name, value in now.items() if value is not _ORIGINALS[name]}
    return {"rng": rng, "grad": torch.is_grad_enabled(), "fresh": fresh, "device": device, "patch": patched,
            "files": wirenets.as_tensors(_folder.changed()),
            "sim": _on_simulated_gpu()}


def _on_simulated_gpu() -> bool:
    """Whether the test runs on the simulated GPU now (its mode on the stack)."""
    from torch.utils._python_dispatch import _get_current_dispatch_mode_stack

    from katas.simdevice import _SimMode

    return any(isinstance(m, _SimMode) for m in _get_current_dispatch_mode_stack())


def _ask(op: str, body: dict):
    conn = _current
    if conn is None or not conn.alive:
        raise WorkerLost("instructor mode: the worker running your code is gone (an earlier call ended it)",
                         "教师模式：运行你的代码的进程已经结束")
    peer = conn.peer
    try:
        value, dec = peer.request(op, body)
    except ProtocolError as e:
        conn.close()
        raise WorkerLost(f"the process running your code broke the grading protocol ({e}): the test fails",
                         f"运行你的代码的进程违反了批改协议（{e}）：测试不通过") from None
    except (EOFError, ConnectionError):
        conn.close()
        mib = memory_limit() >> 20
        raise WorkerLost(f"the process running your code ended during the call: os._exit, a crash, or killed past "
                         f"its memory cap of {mib} MiB?",
                         f"运行你的代码的进程在调用中结束了：os._exit、崩溃，"
                         f"还是因超过 {mib} MiB 的内存上限被杀死？") from None
    except (KataFailure, *_PLAIN) as e:
        sticky = peer.sticky  # the refusal itself, come back uncaught: not gradable; another error, or more asked of
        # the test's objects after it (red team I33 caught one, went on, then raised its words): it was caught
        peer.raise_sticky(caught=isinstance(sticky, InstructorUnsupported) and sticky.reason not in str(e))
        raise
    except BaseException:
        conn.close()  # a timeout or an interrupt mid-call: the worker's state is unknown
        raise
    peer.raise_sticky(caught=True)
    return value


LENT_TENSORS = ("parameters", "named_parameters", "state_dict", "buffers", "named_buffers", "param_groups", "state")
_PLAIN = (RuntimeError, TypeError, ValueError, IndexError, KeyError, AssertionError, ZeroDivisionError,
          AttributeError, StopIteration, OverflowError, RemoteError, pickle.UnpicklingError)


# --- the two kinds of proxy ----------------------------------------------------------------------------


class RemoteObject:
    """One of W's objects (a learner function, class, instance, generator) as the tests see it."""

    _katas_proxy = True
    __slots__ = ("_peer", "_id", "_kinds", "_name", "_keeps", "__weakref__")

    def __init__(self, peer, node):
        object.__setattr__(self, "_peer", peer)
        object.__setattr__(self, "_id", node["id"])
        object.__setattr__(self, "_kinds", str(node.get("k", "")))
        object.__setattr__(self, "_name", str(node.get("c", "object"))[:80])
        object.__setattr__(self, "_keeps", None)  # an exercise's name: its calls must keep their arguments

    def __call__(self, *args, **kwargs):
        return self._passed_on(self._keeping("call", {"h": self, "a": list(args), "k": kwargs}, args, kwargs))

    def _keeping(self, op: str, message: dict, args=(), kwargs=None):
        """ask(op, message), checking that the call kept the test's arguments as they were, where it must: an
        indexing and an attribute set included (red team I27 emptied the test's list of tokens in a wrong
        Vocab.__getitem__, and the test's expected value, computed after, was [] too)."""
        keeps = object.__getattribute__(self, "_keeps")
        before = arguments.values(args, kwargs or {}) if keeps else []
        out = ask(op, message)
        arguments.expect_kept(keeps, before)
        return out

    def _passed_on(self, out):
        """out, whose learner objects (an instance of a graded class, its bound methods, a returned function) keep
        the arguments of their calls as this one must (red team I10 zeroed a test's tensors through a loss
        instance's __call__)."""
        keeps = object.__getattribute__(self, "_keeps")
        todo = [out] if keeps else []
        while todo:
            o = todo.pop()
            if isinstance(o, RemoteObject) and object.__getattribute__(o, "_keeps") is None:
                object.__setattr__(o, "_keeps", keeps)
            elif type(o) in (list, tuple) and len(todo) < 64:
                todo += o[:64]
            elif type(o) is dict and len(todo) < 64:
                todo += list(o.values())[:64]
        return out

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._passed_on(ask("attr", {"h": self, "n": name}))

    def __setattr__(self, name, value):
        self._keeping("setattr", {"h": self, "n": name, "v": value}, (value,))

    def __iter__(self):
        return self._passed_on(ask("iter", {"h": self}))

    def __next__(self):
        return self._passed_on(ask("next", {"h": self}))

    def __len__(self):
        return ask("len", {"h": self})

    def __getitem__(self, key):
        return self._passed_on(self._keeping("item", {"h": self, "key": key}, (key,)))

    def __bool__(self):
        return bool(ask("bool", {"h": self}))

    def __repr__(self):  # the code's own words, in the driver's sentences: one line, capped (red team I26 wrote
        text = ask("repr", {"h": self})  # fake report lines in a returned object's repr)
        return one_line(text, 120) if isinstance(text, str) else f"<{self._name}>"


@functools.cache
def _interfaces() -> dict[str, str]:
    """The interfaces each reference file's stub gives (sections.interfaces): what the worker's d2l offers of a
    section of the learner's that does not import."""
    from katas.catalog import ROOT
    from katas.sections import interfaces

    found = {p.name: interfaces(p) for p in sorted((ROOT / "solutions").glob("*.py"))}
    return {name: text for name, text in found.items() if text}


class ModuleGlobals:
    """impl._module in instructor mode: the learner module's globals, read and replaced in the worker (tests
    spy on the references it calls, or lend it a clock). What a test puts there is lent: learner code may read
    its public attributes too. A reference d2l is lent as the `uses` one is (sections.lend): without the
    exercise's own names, and with no way to another file (red team I3 reached the Sections class through a raw one
    and had the driver import a file of its choosing). A name of `uses`, and a function a test put there, read back
    as the driver's own object, never the worker's word: red team I45 gave its module a class whose reads of
    data_iter answered a stand-in, which the test then spied on as the reference. Other values (a counter the learner's
    code steps, `t`) are read in the worker."""

    def __init__(self, exercise, lent: dict):
        object.__setattr__(self, "_exercise", exercise)
        object.__setattr__(self, "_lent", lent)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._lent:
            return self._lent[name]
        found, value = ask("global", {"n": name})
        if not found:
            raise AttributeError(name)
        return value

    def __setattr__(self, name, value):
        if callable(value):
            self._lent[name] = value
        else:
            self._lent.pop(name, None)
        value = _loan(value, self._exercise)
        _current.peer.lend(value)
        ask("setglobal", {"n": name, "v": value})

    def __delattr__(self, name):
        self._lent.pop(name, None)
        ask("delglobal", {"n": name})

    @property
    def __dict__(self):
        """Empty: the globals stay in the worker. A test that looks through them to patch a library's aliases
        (`from time import perf_counter`) needs not: peer.FORWARDED patches reach those aliases in the worker."""
        return {}


def _loan(value, ex):
    """value as learner code may hold it: a reference d2l (or the tests' D2L over one) lent, never the raw one."""
    if isinstance(value, Sections):
        return lend_to(value, ex)
    if isinstance(value, D2L):
        if not isinstance(value._real, (Sections, RemoteObject)):  # a d2l of the worker's that names one of T's
            raise WorkerLost("the process running your code gave a d2l that is one of the grader's objects",
                             "运行你的代码的进程给出的 d2l 是批改器自己的对象")
        return D2L(_loan(value._real, ex), **value._replaced)
    return value


class TrustedPeer(Peer):
    """T's end: serves only calls, iteration, length and a few methods on what it exported."""

    def __init__(self, sock):
        super().__init__(sock)
        self.returns_only_given_now = True
        self.simulating = _on_simulated_gpu
        self.sticky: BaseException | None = None
        self.went_on = False  # learner code asked the test's objects for more after a refusal (see raise_sticky)
        self.lent: dict[int, object] = {}  # what tests put into the learner's module (ModuleGlobals)
        self.served = 0  # calls of learner code to T's objects in this test
        self.drew: str | None = None  # which of T's objects drew in T's pyplot during the current call

    def describe(self, obj) -> dict:
        if type(obj).__module__.startswith("PIL."):
            unsupported(f"the test hands your code a PIL image ({type(obj).__name__}), and images do not cross to your "
                        "process yet (tensors and numpy arrays do)")
        if isinstance(obj, torch.optim.Optimizer) and any(getattr(p, "_katas_copy", False) for g in obj.param_groups
                                                          for p in g["params"]):
            unsupported(f"your code had the test make an optimizer ({type(obj).__name__}) over tensors of your "
                        "process (your net's parameters, or tensors of your own) and hand it back: the grader holds "
                        "copies of them, so its steps would not reach them")
        if isinstance(obj, torch.optim.lr_scheduler.LRScheduler):
            unsupported(f"the test hands your code a scheduler of torch's ({type(obj).__name__}): it would step the "
                        "test's optimizer in the grader, while your code steps its own copy")
        return super().describe(obj)

    def lend(self, obj) -> None:
        self.lent[id(obj)] = obj

    def remember(self, dec) -> None:
        super().remember(dec)
        for t in dec.tensors:  # W's, copied here (marked on the tensor: a weak reference would stop swap_tensors)
            t._katas_copy = True

    def proxy(self, node):
        if not isinstance(node.get("id"), int):
            raise ProtocolError("a handle without an id")
        if "m" in str(node.get("k", "")):
            unsupported(f"your code returned a net ({str(node.get('c'))[:60]}) that holds a class of its own, a lazy "
                        "layer, a hook or an attribute named as one of its parameters (which hides it from the "
                        "forward): such nets do not cross to the grader yet (nets of torch.nn's own layers do)")
        if "o" in str(node.get("k", "")):
            unsupported(f"your code returned an optimizer ({str(node.get('c'))[:60]}) with a hook or a state of its "
                        "own, or not one of torch.optim's: such optimizers do not cross to the grader yet")
        return RemoteObject(self, node)

    def raise_sticky(self, caught: bool = False) -> None:
        """The check that failed in a call of learner code's, raised here whatever the code did with it. A refusal
        of instructor mode's that the code caught and went on from fails the test: not gradable would take a wrong
        answer out of the record (red team I20 caught one on purpose, in a try around an index of a test's function,
        and its wrong edge_detect was not gradable); uncaught, the test stays not gradable."""
        self.went_on, went_on = False, self.went_on
        caught = caught or went_on
        if self.sticky is not None:
            e, self.sticky = self.sticky, None
            if caught and isinstance(e, InstructorUnsupported):
                raise KataFailure(
                    f"your code caught instructor mode's refusal and went on as if the test's object had answered "
                    f"({e.reason}): a refusal the code swallows fails the test",
                    f"你的代码捕获了教师模式的拒绝并继续运行，仿佛测试的对象已经应答（{e.reason}）：被代码吞掉的拒绝"
                    "判为不通过") from None
            raise e

    def reply_error(self, seq, e):
        # a check failed in a test-made object: learner code cannot swallow it; one that fails after a refusal is the
        # verdict (red team I33 caught a refusal, then swallowed a failing check, then raised the refusal's words)
        if isinstance(e, KataFailure) and (self.sticky is None or isinstance(self.sticky, InstructorUnsupported)
                                           and not isinstance(e, InstructorUnsupported)):
            self.sticky = e
        super().reply_error(seq, e)

    def handle(self, op: str, body):
        if isinstance(self.sticky, InstructorUnsupported):  # learner code asks again after a refusal: it went on
            self.went_on = True
        if not isinstance(body, dict):
            raise ProtocolError("a request without a body")
        if op == "vjp":
            return self.vjp(body)
        if op == "leaf":  # the worker met learner code writing into a tensor that has a history only here
            if not any(t.requires_grad and t.grad_fn is not None for enc in self.asking for t in enc.tensors):
                raise ProtocolError("a write into a tensor with a history, where no tensor sent has one")
            unsupported("your code writes in place into a tensor the test passed while autograd records: in the "
                        "grader it has a history and the write is allowed, in your process it arrives as a leaf that "
                        "requires grad (the book's masked_softmax writes into X)")
        self.served += 1
        if self.served > CALLBACK_LIMIT:
            unsupported(f"your code called the test's objects more than {CALLBACK_LIMIT:,} times in one test (item by "
                        "item?): each call crosses between processes, and that many do not fit in the test's time")
        if "h" not in body:
            raise ProtocolError("a request without an object")
        obj = body["h"]
        if isinstance(obj, RemoteObject):
            raise TypeError("that object is your own")
        if not self.handed_out(obj):  # an int, a list (red team I10 named 1 to be told "not gradable")
            raise ProtocolError("a request on an object the test never handed out")
        if op == "inside":  # the worker met learner code looking inside a test's object: not gradable, in T's word
            if body.get("n") == "with":
                if not (hasattr(type(obj), "__enter__") and hasattr(type(obj), "__exit__")):  # as in one process
                    # (red team I19: a wrong answer's `with time.time:` on the test's clock was not gradable)
                    raise TypeError(f"'{type(obj).__name__}' object does not support the context manager protocol")
                unsupported(f"your code uses the test's {type(obj).__name__} in a with statement (a file the test "
                            "opened?), which stays in the grader")
            if body.get("n") in _ONE_PROCESS_ERRORS and not hasattr(type(obj), body["n"]):  # as in one process (red
                raise TypeError(_ONE_PROCESS_ERRORS[body["n"]].format(type(obj).__name__))  # team I22: net[X])
            unsupported(f"your code looks inside the test's {type(obj).__name__} (its modules or state), which stays "
                        "in the grader")
        if op == "call":
            if not callable(obj):
                raise TypeError(f"the test's {type(obj).__name__} is not callable")
            before = wirefigures.signature()
            with torch.set_grad_enabled(body.get("grad") is not False):
                out = obj(*body.get("a", ()), **body.get("k", {}))
            if self.drew is None and wirefigures.signature() != before:
                self.drew = getattr(obj, "__name__", type(obj).__name__)
            return out
        if op == "iter":
            return iter(obj)
        if op == "next":
            return next(obj)
        if op == "len":
            return len(obj)
        if op == "bool":
            return bool(obj)
        if op == "item" and _reference(obj):
            return obj[body.get("key")]
        if op == "attr" and isinstance(body.get("n"), str):
            return self.attribute(obj, body["n"])
        if op == "item" and not hasattr(type(obj), "__getitem__"):  # as in one process: f_grad[x] for f_grad(x) is a
            raise TypeError(_ONE_PROCESS_ERRORS["__getitem__"].format(type(obj).__name__))  # TypeError (red team I22)
        if op in ("item", "attr"):
            unsupported(f"your code indexes the test's {type(obj).__name__}, which it does not lend")
        raise ProtocolError(f"no operation {op!r} on the test's objects")

    def attribute(self, obj, name: str):
        """What learner code may read of T's objects: a few methods of nets and optimizers, the public
        attributes of the references' own objects (an Accumulator, d2l's sections), the names a test's own class
        lends (`katas_lends = ("begin_state",)`: what the book's code reads of the object it stands in for); nothing
        else."""
        for kind, names in METHODS.items():
            if isinstance(obj, kind) and name in names:
                return getattr(obj, name)
        if name in LENT_TENSORS and isinstance(obj, (torch.nn.Module, torch.optim.Optimizer)):
            unsupported(f"your code asks the test's {type(obj).__name__} for its {name}: its tensors would reach your "
                        "process as copies, and your changes to them would not reach the test")
        torchs = next((k for k in (torch.nn.Module, torch.optim.Optimizer) if isinstance(obj, k) and hasattr(k, name)),
                      None)  # a reference net lends what its own class adds, never torch's load_state_dict or hooks
        if not name.startswith("_") and torchs is None and (
                _reference(obj) or id(obj) in self.lent or id(type(obj)) in self.lent
                or name in tuple(getattr(type(obj), "katas_lends", ()))):
            return getattr(obj, name)
        if not hasattr(obj, name):  # as in one process: getattr(f, "convex", True) gets its default (red team I16: a
            # wrong answer that read a missing attribute was not gradable instead of failed)
            raise AttributeError(f"'{type(obj).__name__}' object has no attribute '{name}'")
        unsupported(f"your code reads {name} of the test's {type(obj).__name__}: the test's objects lend only calls, "
                    "iteration and a few methods across (a learner's own mistake may also read it)")

    def ask_vjp(self, graph, grads):
        return ask("vjp", {"g": graph, "grads": grads})

    def error(self, header, op=""):
        kind = header.get("type")
        if kind == "KataFailure" and isinstance(header.get("en"), str) and isinstance(header.get("zh"), str):
            en, zh = header["en"][:4000], header["zh"][:4000]
            # whose words: learner code may raise a KataFailure of its own, in any words (red team I30 wrote a test's
            # "the results are right ...: a test bug"); the worker's own checks (from scratch, devices) say theirs
            words = _OWN_WORDS if _claims_not_gradable(en) or _claims_not_gradable(zh) else _WORKER_WORDS
            return KataFailure(words[0] + en, words[1] + zh)
        if kind == "TargetImportError" and isinstance(header.get("msg"), str):
            from katas.target import TargetImportError

            msg = header["msg"][:4000]  # its text is learner code's (red team I7 raised one of its own class)
            if op == "load":  # the file does not import: its exercises' status is "error", in its process's words
                # (red team I31 answered the load itself, in the gradebook's words for a missing result)
                return TargetImportError((_OWN_WORDS if _claims_not_gradable(msg) else _IMPORT_WORDS)[0] + msg)
            # raised by a call, the name is learner code's class: a failure in its own words (red team I18 got the
            # status "error", a grading that could not run, saying the course staff would re-grade it)
            return RemoteError(f"{_OWN_WORDS[0]}TargetImportError: {msg}")
        if kind == "SystemExit":
            return SystemExit(str(header.get("msg"))[:200])
        if kind in ("KeyboardInterrupt", "Skipped", "Exit", "XFailed", "Failed"):
            return KataFailure(f"your code raised {kind}: a graded test passes only by running to its end",
                               f"你的代码抛出了 {kind}：测试只有完整运行才算通过")
        error = super().error(header)
        if _claims_not_gradable(str(error)):  # any exception of learner code in the driver's words, said as its own
            # (red team I34 raised a RuntimeError reading "not gradable in instructor mode: ...")
            words = f"{kind[:80]}: {str(header['msg'])[:4000]}"
            return KataFailure(_OWN_WORDS[0] + words, _OWN_WORDS[1] + words)
        return error


_OWN_WORDS = ("your code raised this itself (the grader did not say it): ",  # before learner code's words
              "这条消息是你的代码自己抛出的（不是批改程序的判断）：")
_IMPORT_WORDS = ("importing your file failed; its process said: ", "导入你的文件失败；其进程报告：")
_WORKER_WORDS = ("said in your code's process (by its from-scratch or device check, or by your code itself): ",
                 "来自你的代码所在的进程（那里的从零实现检查或设备检查，也可能是你的代码自己）：")


def _claims_not_gradable(text: str) -> bool:
    """Whether learner code's text reads like the driver's refusal, past invisible characters, spaces of any kind and
    compatibility forms (red team I7: a zero-width space inside "gradable"; red team I28: a hair space), or writes
    English with letters of another alphabet (red team I28: an Armenian ց for g, a Lisu ꓖ); the report's status, not
    the text, is the driver's word."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) not in ("Cf", "Mn"))
    plain = plain.casefold()
    letters = "".join(c for c in plain if c.isalnum())  # (red team I19: an ideographic space inside)
    return (any(w in letters for w in ("gradab", "instructormode", "无法批", "教师模式", "無法批", "教師模式"))
            or any(_mixes_scripts(w) for w in plain.split()))


def _mixes_scripts(word: str) -> bool:
    """A word of ASCII letters with a letter of another alphabet among them (Cyrillic, Greek, Armenian, Lisu, Coptic,
    a Latin letter with an accent or a script g): a look-alike of the driver's words (red teams I14, I19, I28); none
    of the grader's own messages has one. Chinese beside ASCII is the grader's own (its messages name code)."""
    import unicodedata

    letters = [c for c in word if c.isalpha()]
    if not any(c.isascii() for c in letters):
        return False
    return any(not c.isascii() and not unicodedata.name(c, "?").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
               for c in letters)


# --- impl ------------------------------------------------------------------------------------------------


class RemoteImpl:
    """What `impl` is in instructor mode: the exercise's names, served by the worker."""

    def __init__(self, exercise, target: Path, reference, data: list[str]):
        self._exercise = exercise
        conn = connection(target, data)
        if exercise.file in conn.left_out:
            from katas.target import SOURCE_LIMIT, SOURCES_COUNT, SOURCES_LIMIT

            fail(f"instructor mode grades exercises/{exercise.file} only as a file of at most "
                 f"{SOURCE_LIMIT >> 20} MiB, readable, among at most {SOURCES_COUNT} files of "
                 f"{SOURCES_LIMIT >> 20} MiB in the folder: it is {conn.left_out[exercise.file]}",
                 f"教师模式只批改不超过 {SOURCE_LIMIT >> 20} MiB、可读、且文件夹中总共不超过 {SOURCES_COUNT} 个文件、"
                 f"{SOURCES_LIMIT >> 20} MiB 的 exercises/{exercise.file}：它{conn.left_out[exercise.file]}")
        if conn.loaded != exercise.id:
            uses = {name: getattr(reference, name) for name in exercise.uses} if exercise.uses else {}
            ask("load", {"file": exercise.file, "names": list(exercise.names), "forbid": list(exercise.forbid),
                         "exercise": exercise.id, "uses": uses})
            conn.loaded, conn.names, conn.lent = exercise.id, {}, dict(uses)  # what the module's names hold of T's
        conn.peer.served = 0  # a new test
        self._conn = conn

    def __getattr__(self, name):
        ex = self._exercise
        if name == "_module":
            return ModuleGlobals(ex, self._conn.lent)
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in ex.names:
            raise AttributeError(f"test bug: exercise {ex.id} may use only {ex.names} from the target")
        if name not in self._conn.names:
            found, obj = ask("get", {"name": name})
            if not found:
                fail(f"exercises/{ex.file} has no {name}: was it renamed or deleted?",
                     f"exercises/{ex.file} 里没有 {name}：是不是改了名或删掉了？")
            self._conn.names[name] = obj
            if isinstance(obj, RemoteObject) and arguments.applies(ex):
                object.__setattr__(obj, "_keeps", name)
        return self._conn.names[name]


def end_of_session() -> None:
    if _current is not None:
        _current.close()


sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
