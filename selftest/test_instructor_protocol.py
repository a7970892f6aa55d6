"""Instructor mode's protocol refuses what it must: malformed frames, pickles, oversized or deep data, and a
worker that dies, exits, hangs or lies; verdicts stay the driver's (katas/wire.py, peer.py, remote.py, worker.py).

The codec is tested in this process; the worker tests start the real zygote and sandboxed workers, and their
learner code writes its own frames onto the worker's socket, as hostile code would.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import textwrap
import types
from pathlib import Path

import pytest
import torch
from torch import nn

from katas import arguments, instructor, remote, wire
from katas.catalog import load
from katas.checks import KataFailure
from katas.wire import Decoder, Encoder, ProtocolError

CATALOG = load()

ROOT = Path(__file__).resolve().parent.parent
linux_root = pytest.mark.skipif(not sys.platform.startswith("linux") or os.getuid() != 0,
                                reason="the worker's walls need Linux and root here")


def _frame(header: bytes, buffers=(), magic=wire.MAGIC, count=None) -> bytes:
    sizes = [len(b) for b in buffers]
    n = len(sizes) if count is None else count
    return (wire.PREFIX.pack(magic, len(header), n) + struct.pack(f"<{len(sizes)}Q", *sizes) + header
            + b"".join(buffers))


def _recv(raw: bytes):
    a, b = socket.socketpair()
    try:
        a.sendall(raw)
        a.shutdown(socket.SHUT_WR)
        return wire.recv(b)
    finally:
        a.close()
        b.close()


def _decode(tree, buffers=()):
    return Decoder(list(buffers), lambda i: pytest.fail("no own object"), lambda n: pytest.fail("no handle"))(tree)


# --- the codec ---------------------------------------------------------------------------------------------


def test_values_round_trip():
    enc = Encoder(lambda o: pytest.fail("a value became a handle"))
    value = [None, True, 3, 2**70, -1.5, float("inf"), "s", (1, [2]), {"k": torch.Size([2, 3])}, torch.float16,
             torch.device("cpu"), torch.arange(6.0).reshape(2, 3), torch.tensor([True, False]), torch.nn.MSELoss]
    tree = json.loads(json.dumps(enc(value), allow_nan=False))
    out = _decode(tree, [bytes(b) for b in enc.buffers])
    assert out[:8] == value[:8] and out[8] == value[8] and out[9] is torch.float16
    assert torch.equal(out[11], value[11]) and torch.equal(out[12], value[12]) and out[13] is torch.nn.MSELoss
    # in memory torch allocated, as any tensor made in the process (red team I40: the from-scratch guard refused a
    # reference's answer passed on, over a bytearray's memory: 5 correct solutions failed in instructor mode)
    assert all(t.untyped_storage().resizable() for t in (out[11], out[12]))


@pytest.mark.parametrize("raw, why", [
    (_frame(b"{}", magic=b"PKL\x80"), "magic"),
    (wire.PREFIX.pack(wire.MAGIC, 20 * 2**20, 0), "past the limits"),
    (wire.PREFIX.pack(wire.MAGIC, 2, 5000), "past the limits"),
    (_frame(b"[" * 100_000 + b"]" * 100_000), "no JSON"),
    (_frame(b'{"a":' * 40 + b"1" + b"}" * 40), "past the limits"),
    (_frame(b"[1,2]"), "no JSON object"),
    (_frame(b'{"x": NaN}'), "no JSON"),
    (_frame(b'{"x": 1e999}'), "no JSON"),
    (_frame(pickle.dumps({"op": "ok"})), "no JSON"),
    (_frame(b'{"op":"ok"}')[:-3], "closed"),
])  # fmt: skip
def test_malformed_frames_are_refused(raw, why):
    with pytest.raises((ProtocolError, EOFError), match=why):
        _recv(raw)


def test_buffers_past_the_limit_are_refused_before_they_are_read():
    raw = wire.PREFIX.pack(wire.MAGIC, 2, 2) + struct.pack("<2Q", wire.BUFFER_LIMIT, 1) + b"{}"
    with pytest.raises(ProtocolError, match="bytes of buffers"):
        _recv(raw)


@pytest.mark.parametrize("tree, buffers, why", [
    ({"t": ["float32", [1000, 1000], 0]}, [b"\0" * 16], "elements in 16 bytes"),
    ({"t": ["object", [1], 0]}, [b"\0" * 8], "not one"),
    ({"t": ["float32", [-1], 0]}, [b""], "not one"),
    ({"t": ["float32", [1], 3]}, [b"\0" * 4], "not one"),
    ({"pickle": "gASVAAAAAAAAAIwFcG9zaXiUjAZzeXN0ZW2Uk5Q="}, [], "no known kind"),
    ({"h": 5}, [], "no known kind"),
    ({"D": [[{"L": [], "k": 1}, 1]], "k": 0}, [], "cannot be a key"),
    ({"L": [1]}, [], "no known kind"),  # a list without the sender's key
    ({"ac": 3}, [], "no known kind"),  # a list this side never sent
    ({"rp": [12345, 0]}, [], "never sent by value"),
    ({"R": [12345, [], []]}, [], "never sent by value"),  # red team I2: a net lent by handle keeps its state
    ({"nn": "functional"}, [], "no known kind"),  # only torch.nn's module classes cross by name
    ({"dv": "cuda:" + "9" * 100}, [], "no known kind"),
    ({"I": "1" * 5000}, [], "no known kind"),
    ({"r": 12345}, [], "never handed out"),
])  # fmt: skip
def test_values_the_decoder_never_builds(tree, buffers, why):
    def own(i):
        raise ProtocolError(f"a reference to an object never handed out ({i!r})")

    with pytest.raises(ProtocolError, match=why):
        Decoder(buffers, own, lambda n: pytest.fail("no handle"))(tree)


def test_a_net_lent_by_handle_never_takes_state_sent_back():
    """Red team I2: "R" (the receiver's own net, back with the state the sender left) named any exported id, so a
    reference net lent by handle could be given learner-chosen weights. Only nets sent by value come back so."""
    lent = nn.Linear(2, 2)
    before = lent.weight.detach().clone()
    state = [["weight", {"t": ["float32", [2, 2], 0]}], ["bias", {"t": ["float32", [2], 1]}]]
    dec = Decoder([b"\0" * 16, b"\0" * 8], lambda i: lent, lambda n: pytest.fail("no handle"))
    with pytest.raises(ProtocolError, match="never sent by value"):
        dec({"R": [7, [True], state]})
    assert torch.equal(lent.weight, before)


def test_bool_bytes_are_normalised():
    t = _decode({"t": ["bool", [3], 0]}, [bytes([7, 0, 1])])
    assert t.tolist() == [True, False, True] and t.view(torch.uint8).tolist() == [1, 0, 1]


def test_the_decoder_never_unpickles(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the decoder unpickled")

    for mod, name in ((pickle, "loads"), (pickle, "load"), (torch, "load")):
        monkeypatch.setattr(mod, name, refuse)
    enc = Encoder(lambda o: pytest.fail("handle"))
    tree = enc([torch.randn(3, 4), {"a": (1, 2.5)}, torch.int64])
    _decode(tree, [bytes(b) for b in enc.buffers])


# --- the worker ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zygote(tmp_path_factory):
    private = tmp_path_factory.mktemp("private")
    before = set(Path(tempfile.gettempdir()).glob("katas-workers-*"))
    proc, theirs = instructor.start_zygote(private, dict(os.environ))
    instructor.wait_ready(proc, 120)
    saved = os.environ.get(instructor.FD_ENV)
    os.environ[instructor.FD_ENV] = str(theirs.fileno())
    remote._zygote_sock = None
    yield proc
    if saved is None:
        del os.environ[instructor.FD_ENV]
    remote.end_of_session()
    if remote._zygote_sock is not None:
        remote._zygote_sock.detach()  # theirs closes the descriptor
    remote._zygote_sock = None
    theirs.close()
    proc.kill()
    proc.wait()
    for left in set(Path(tempfile.gettempdir()).glob("katas-workers-*")) - before:  # it was killed: ours to remove
        shutil.rmtree(left, ignore_errors=True)


def _learner(tmp_path: Path, source: str, *names: str, uses=None, exercise=None):
    """A RemoteImpl over a folder holding learner.py with source (exercise: an id of the catalogue's, whose rules
    apply, or None for one of no exercise's)."""
    folder = tmp_path / "target"
    folder.mkdir()
    (folder / "learner.py").write_text(textwrap.dedent(source), encoding="utf-8")
    fields = {"file": "learner.py", "names": names, "forbid": (), "uses": tuple(uses or ())}
    ex = (dataclasses.replace(CATALOG.get(exercise), **fields) if exercise else types.SimpleNamespace(id="x", **fields))
    remote.end_of_session()
    remote._current = None
    reference = types.SimpleNamespace(**(uses or {}))
    return remote.RemoteImpl(ex, folder, reference, [])


def _workers(zygote) -> list[int]:
    out = []
    for task in Path(f"/proc/{zygote.pid}/task").iterdir():
        out += [int(p) for p in (task / "children").read_text().split()]
    return out


LIE = """
import os, socket, struct, json
def _socket():
    for fd in map(int, os.listdir("/proc/self/fd")):
        try:
            s = socket.socket(fileno=os.dup(fd))
            if s.family == socket.AF_UNIX:
                return s
        except OSError:
            continue
def lie(kind):
    s = _socket()
    if kind == "pickle":
        head = b'\\x80\\x04\\x95' + b'cos\\nsystem\\n(S"touch /tmp/PWNED"\\ntR.'
    elif kind == "deep":
        head = b"[" * 200000
    elif kind == "bool7":
        head = json.dumps({"op": "ok", "re": 99, "v": {"t": ["bool", [2], 0]}}).encode()
    else:
        head = b"{}"
    size = 20 * 2**20 if kind == "huge" else len(head)
    s.sendall(struct.pack("<4sII", b"KTW1", size, 1 if kind == "bool7" else 0)
              + (struct.pack("<Q", 2) if kind == "bool7" else b"") + head + (b"\\x07\\x07" if kind == "bool7" else b""))
    while True:
        pass
"""


@linux_root
def test_a_plain_call_and_in_place_update(zygote, tmp_path):
    impl = _learner(tmp_path, """
        import torch
        def f(x, xs):
            x += 1
            xs.append(len(xs))
            return x.sum(), torch.ones(2, requires_grad=True) * 3
    """, "f")
    x = torch.zeros(3)
    s, t = impl.f(x, [1])
    assert x.tolist() == [1, 1, 1] and float(s) == 3 and t.tolist() == [3, 3]


@linux_root
@pytest.mark.parametrize("kind", ["pickle", "deep", "huge", "bool7", "empty"])
def test_a_worker_that_breaks_the_protocol_fails_the_test(zygote, tmp_path, kind):
    impl = _learner(tmp_path, LIE, "lie")
    with pytest.raises(remote.WorkerLost, match="broke the grading protocol"):
        impl.lie(kind)
    assert not Path("/tmp/PWNED").exists()
    assert not remote._current.alive


@linux_root
@pytest.mark.parametrize("how", ["os._exit(0)", "ctypes.string_at(0)", "sys.exit(3)"])
def test_a_worker_that_dies_fails_the_test(zygote, tmp_path, how):
    impl = _learner(tmp_path, f"import ctypes, os, sys\ndef f():\n    {how}\n", "f")
    with pytest.raises((remote.WorkerLost, SystemExit), match="ended during the call|3"):
        impl.f()


@linux_root
def test_a_worker_that_hangs_is_killed_when_the_test_gives_up(zygote, tmp_path):
    impl = _learner(tmp_path, "def f():\n    while True:\n        pass\n", "f")

    def timeout(signum, frame):
        raise TimeoutError("the test's timeout")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(TimeoutError):
            impl.f()
    finally:
        signal.signal(signal.SIGALRM, old)
    assert not remote._current.alive
    for _ in range(100):
        if not _workers(zygote):
            break
        subprocess.run(["sleep", "0.02"])
    assert _workers(zygote) == []


@linux_root
def test_skip_exit_and_keyboard_interrupt_never_reach_pytest_as_themselves(zygote, tmp_path):
    impl = _learner(tmp_path, """
        import pytest
        def skip():
            pytest.skip("free points")
        def interrupt():
            raise KeyboardInterrupt
    """, "skip", "interrupt")
    for f in (impl.skip, impl.interrupt):
        with pytest.raises(KataFailure, match="passes only by running to its end"):
            f()


@linux_root
def test_learner_code_cannot_reach_the_driver(zygote, tmp_path):
    """What the worker sees: no tests, no solutions, no network; the driver's checks untouched by its patches."""
    impl = _learner(tmp_path, f"""
        import os, socket
        import katas.checks
        def probe():
            katas.checks.expect = lambda *a, **k: None  # its own copy only
            seen = {{}}
            for name in ("tests", "solutions"):
                try:
                    seen[name] = os.listdir({str(ROOT)!r} + "/" + name)
                except FileNotFoundError:
                    seen[name] = []  # not in its view at all
            try:
                socket.create_connection(("127.0.0.1", 9), timeout=1)
                seen["net"] = "reached"
            except OSError as e:
                seen["net"] = type(e).__name__
            seen["uid"] = os.getuid()
            seen["pids"] = [p for p in os.listdir("/proc") if p.isdigit()]
            return seen
    """, "probe")
    seen = impl.probe()
    assert seen["tests"] == [] and seen["solutions"] == [], seen
    assert seen["net"] != "reached" and seen["uid"] != 0 and seen["pids"] == ["1"], seen
    import katas.checks

    with pytest.raises(KataFailure):
        katas.checks.expect(False, "still the driver's", "")


@linux_root
def test_learner_code_never_chooses_the_tests_later_cases(zygote, tmp_path):
    """Red team I2: W starts each call from T's generators, and T never takes W's back (Python's set to its
    degenerate all-zero state made every later case of the test trivial)."""
    impl = _learner(tmp_path, """
        import random, torch
        def draw():
            return random.random(), torch.rand(1).item()
        def meddle():
            random.setstate((3, (0,) * 624 + (624,), None))
            torch.manual_seed(0)
            return random.random()
    """, "draw", "meddle")
    random.seed(5)
    torch.manual_seed(5)
    assert impl.draw() == (random.Random(5).random(), torch.rand(1, generator=torch.Generator().manual_seed(5)).item())
    before, before_t = random.getstate(), torch.get_rng_state()
    assert impl.meddle() == 0.0  # it ran, in W
    # T's generators are seeded afresh after the call (red teams I35, I38, I39), never W's: not all-zero, not seed 0
    mine, generator = random.Random(), torch.Generator()
    mine.setstate(before)
    generator.set_state(before_t)
    assert random.random() not in (0.0, mine.random())
    assert not torch.equal(torch.rand(2), torch.rand(2, generator=torch.Generator().manual_seed(0)))


@linux_root
def test_a_test_that_seeds_again_starts_learner_code_from_its_seed(zygote, tmp_path):
    """Red team I6: learner code that left W's generator elsewhere began the next test there, since T's seed had
    brought T back to the state last sent; between two calls with no seeding, W starts from T's generators, which
    were seeded afresh after the last call (red teams I35, I39)."""
    impl = _learner(tmp_path, """
        import random, torch
        def draw():
            out = torch.rand(3), random.random()
            torch.manual_seed(12345)
            random.seed(12345)
            return out
    """, "draw")
    torch.manual_seed(0)
    random.seed(0)
    first = impl.draw()
    torch.manual_seed(0)
    random.seed(0)
    again = impl.draw()
    assert torch.equal(first[0], again[0]) and first[1] == again[1]
    on = impl.draw()  # no seeding between: from T's generators as the last call left them (seeded afresh: red
    # teams I35, I39), not from where learner code left W's
    assert not torch.equal(on[0], torch.rand(3, generator=torch.Generator().manual_seed(12345)))
    assert on[1] != random.Random(12345).random() and on[1] != again[1]


def test_what_learner_code_made_the_tests_objects_draw_chooses_no_later_case(monkeypatch):
    """Red team I35: a lent SeqDataLoader shuffles with the driver's random; learner code, which knows the state it
    was given, made it draw until the test's next case suited its bug. After each request the driver's generators
    are seeded afresh, however many draws were made in it."""
    import random

    from katas import remote

    class Fixed:  # the system's randomness, held still: what follows depends on nothing else
        def getrandbits(self, k):
            return 12345

    monkeypatch.setattr(remote.random, "SystemRandom", Fixed)
    py, state = random.getstate(), torch.get_rng_state()
    after = []
    for draws in (0, 1, 7):
        random.setstate(py)
        torch.set_rng_state(state)
        for _ in range(draws):  # what the call made the test's objects draw
            random.random()
            torch.rand(2)
        with torch.device("meta"):  # a test's default device (red team I36: the reference seq_get_net failed)
            remote._unsteered()
        after.append((random.randint(2000, 5000), torch.rand(3).tolist()))
    assert after[0] == after[1] == after[2]


def test_a_request_that_is_no_call_leaves_the_tests_generators_as_they_were(monkeypatch):
    """Red team I40: reading a global through a class of its own, learner code shuffled a lent data_iter (the test's
    random) until the test's next random.choice suited its bug. A request that is no call puts T's generators back."""
    import random

    from katas import remote

    def drawing(op, body):  # what learner code made the test's objects draw during the request
        random.random()
        torch.rand(3)
        return "value"

    monkeypatch.setattr(remote, "_ask", drawing)
    py, state = random.getstate(), torch.get_rng_state()
    for op in ("get", "global", "setglobal", "load", "vjp"):
        assert remote.ask(op, {}) == "value"
        assert random.getstate() == py and torch.equal(torch.get_rng_state(), state), op


def test_what_the_test_draws_after_a_call_is_not_known_to_learner_code():
    """Red team I38: W is given T's generators at a call's start, and T was seeded after it from there alone: a
    load_tensors that never read its file gave back the tensors the test drew next, computed from that state. Red
    team I39: with a secret of T's mixed in, the seed the next call's state held gave the secret away. T's
    generators are seeded afresh from the system after every call: from the same state, other draws each time."""
    import random

    from katas import remote

    py, state = random.getstate(), torch.get_rng_state()
    drawn, seeds = [], []
    for _ in range(2):
        random.setstate(py)
        torch.set_rng_state(state)
        remote._unsteered()
        seeds.append(torch.initial_seed())  # what the next call's state tells
        drawn.append((random.getrandbits(64), torch.rand(3)))
    assert drawn[0][0] != drawn[1][0] and not torch.equal(drawn[0][1], drawn[1][1]) and seeds[0] != seeds[1]


@linux_root
def test_learner_code_cannot_say_not_gradable_in_the_drivers_words(zygote, tmp_path):
    """Red team I6: a KataFailure of learner code's own that reads "not gradable in instructor mode: ..." looked
    like the driver's verdict; it now says whose words they are (the driver's own refusal is unchanged)."""
    impl = _learner(tmp_path, """
        from katas.checks import KataFailure
        def forge():
            raise KataFailure("not gradable in instructor mode: images do not cross", "教师模式下无法批改：图片")
        def hidden():  # red team I7: a zero-width space inside the words
            raise KataFailure("not gr\u200badable in instructor mode: x", "教师模式下无法\u200b批改：x")
        def as_import():  # red team I7: an exception of its own class named like the grader's
            class TargetImportError(Exception):
                pass
            raise TargetImportError("not gradable in instructor mode: x")
        def homoglyph():  # red team I14: a Cyrillic a, and Chinese words that avoid the driver's
            raise KataFailure("not grаdable in instructor mode: x", "x")
        def script_g():  # red team I19: a Latin script g, and an ideographic space inside the Chinese words
            raise KataFailure("not ɡradable in instructor mode: x", "教师模式下无法　批改：x")
        def armenian():  # red team I28: an Armenian g, a hair space, and a look-alike of 改
            raise KataFailure("not ցradable in instructor mode: x", "教师模式下无法批攺：x")
        def hair_space():
            raise KataFailure("not grad able in instruct or mode: x", "x")
        def traditional():  # red team I30: the words in traditional characters
            raise KataFailure("x", "教師模式下無法批改：x")
        def test_bug():  # red team I30: a test's own sentence, in the grader's voice
            raise KataFailure("newton's results are right but the book's lesson does not show: a test bug", "x")
        def plain():  # red team I34: a built-in exception in the driver's words
            raise RuntimeError("not gradable in instructor mode: the test hands your code a PIL image")
        def own_class():  # red team I34: a class of its own named like the driver's refusal
            class InstructorUnsupported(Exception):
                pass
            raise InstructorUnsupported("not gradable in instructor mode: x")
    """, "forge", "hidden", "as_import", "homoglyph", "script_g", "armenian", "hair_space", "traditional",
                    "test_bug", "plain", "own_class")
    with pytest.raises(KataFailure) as e:
        impl.test_bug()
    assert e.value.en.startswith("said in your code's process") and e.value.zh.startswith("来自你的代码所在的进程")
    for forged in (impl.forge, impl.hidden, impl.homoglyph, impl.script_g, impl.armenian, impl.hair_space,
                   impl.traditional, impl.plain, impl.own_class):
        with pytest.raises(KataFailure) as e:
            forged()
        assert not isinstance(e.value, remote.InstructorUnsupported)
        assert e.value.en.startswith("your code raised this itself") and e.value.zh.startswith("这条消息是你的代码")
    with pytest.raises(Exception, match="^your code raised this itself") as e:
        impl.as_import()
    from katas.target import TargetImportError  # red team I18: raised by a call, it is no file that fails to import
    assert not isinstance(e.value, TargetImportError)  # (whose status, "error", says the grading could not run)


@linux_root
def test_a_file_that_does_not_import_is_told_in_its_processs_words(zygote, tmp_path):
    """Red team I31 answered the driver's load itself, in the gradebook's words for a missing result ("the grader
    gave no result for this exercise"): what a load's failure says is its process's."""
    from katas.target import TargetImportError

    with pytest.raises(TargetImportError) as e:
        _learner(tmp_path, "raise ImportError('the grader gave no result for this exercise')\n", "f").f()
    assert str(e.value).startswith("importing your file failed; its process said: "), e.value


class _Clock:
    def __call__(self):
        return 1.0


@linux_root
def test_a_with_statement_on_a_test_object_that_is_no_context_manager_fails_as_in_one_process(zygote, tmp_path):
    """Red team I19: a wrong Timer's `with time.time:` on the test's clock was not gradable; in one process it is a
    TypeError, and so it is here."""
    impl = _learner(tmp_path, """
        def use(clock):
            with clock:
                return clock()
    """, "use")
    with pytest.raises(TypeError, match="context manager protocol"):
        impl.use(_Clock())


class _Scores(nn.Module):
    """A test's own net (no torch.nn layers alone: it crosses as a handle), with no __getitem__, __iter__ or __len__."""

    def forward(self, X):
        return X * 2


@linux_root
def test_indexing_a_test_object_that_has_no_items_fails_as_in_one_process(zygote, tmp_path):
    """Red team I22: `f_grad[x]` for `f_grad(x)`, and `net[X]` for `net(X)`, were not gradable; in one process each is a
    TypeError, and so it is here. A net that has items (nn.Sequential's) stays the test's to look inside."""
    impl = _learner(tmp_path, """
        def index(f, x):
            return f[x]

        def size(net):
            return len(net)

        def walk(net):
            return [m for m in net]
    """, "index", "size", "walk")
    with pytest.raises(TypeError, match="'function' object is not subscriptable"):
        impl.index(_f_2d_like, 1.0)
    with pytest.raises(TypeError, match="'_Scores' object is not subscriptable"):
        impl.index(_Scores(), torch.ones(2))
    with pytest.raises(TypeError, match="has no len"):
        impl.size(_Scores())
    with pytest.raises(TypeError, match="'_Scores' object is not iterable"):
        impl.walk(_Scores())


def _f_2d_like(x):
    return x * 2


@linux_root
def test_no_other_copy_of_the_answers_is_in_view(zygote, tmp_path):
    """Red team I2: a classmate's submission (or another clone) readable by all, outside the graded folder, is not
    in the worker's view: it sees only the system, Python, katas/ and the data."""
    classmate = tmp_path / "classmate"
    classmate.mkdir()
    (classmate / "answer.py").write_text("ANSWER = 42\n", encoding="utf-8")
    os.chmod(tmp_path, 0o755)
    os.chmod(classmate / "answer.py", 0o644)
    impl = _learner(tmp_path, f"""
        import os
        def probe():
            out = {{}}
            for path in ({str(classmate / "answer.py")!r}, {str(ROOT / "README.md")!r}, {str(ROOT / "grade.py")!r}):
                try:
                    out[path] = open(path).read()
                except OSError as e:
                    out[path] = type(e).__name__
            out["workbook"] = sorted(os.listdir({str(ROOT)!r}))
            out["root"] = sorted(os.listdir("/"))
            out["beside"] = sorted(os.listdir({str(ROOT.parent)!r}))
            try:
                import katas.rnncheck  # noqa: F401 - grad_clipping's reference, among the test-side helpers
                out["helpers"] = "imported"
            except ImportError:
                out["helpers"] = "absent"
            return out
    """, "probe")
    seen = impl.probe()
    assert all(seen[p] in ("FileNotFoundError", "PermissionError")
               for p in (str(classmate / "answer.py"), str(ROOT / "README.md"), str(ROOT / "grade.py"))), seen
    prefix = Path(sys.prefix).resolve()  # the README's .venv inside the workbook: Python's packages, which W reads
    venv = {prefix.relative_to(ROOT.resolve()).parts[0]} if prefix.is_relative_to(ROOT.resolve()) else set()
    assert set(seen["workbook"]) <= {"katas", "exercises", "data", *venv}, seen
    from katas import data

    folders = [Path(f) for ds in data.SETS.values() for f in data.folders(ds)]
    on_the_way = {f.relative_to(ROOT.parent).parts[0] for f in folders + [tmp_path] if f.is_relative_to(ROOT.parent)}
    # (a workbook in /tmp, as a clone made there, shares its parent with the test's folder and the workers' own)
    beside = {name for name in seen["beside"] if not name.startswith("katas-workers-")}
    assert "home" not in seen["root"] and beside <= {ROOT.name, *on_the_way}, seen  # no other clone
    assert seen["helpers"] == "absent", seen


@linux_root
def test_what_learner_code_did_to_an_object_comes_back_as_it_did_it(zygote, tmp_path):
    """Red team I4: `X.data = X + 1` came back as an in-place update (the driver's copy_), a cached net came back as a
    new object on each call, and a net or optimizer whose hooks change what it does crossed without them."""
    impl = _learner(tmp_path, """
        import torch
        from torch import nn
        _NET = nn.Linear(2, 2)
        def rebind(X):
            X.data = X + 1
        def cached():
            return _NET
        def hooked():
            net = nn.Linear(2, 2)
            net.weight.register_hook(lambda g: g * 0)
            return net
        def hooked_optimizer(net):
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            opt.register_step_post_hook(lambda *a: None)
            return opt
    """, "rebind", "cached", "hooked", "hooked_optimizer")
    X = torch.zeros(3)
    where = X.data_ptr()
    impl.rebind(X)
    assert X.tolist() == [1, 1, 1] and X.data_ptr() != where  # new memory, as in one process
    assert impl.cached() is impl.cached()
    with pytest.raises(BaseException, match="a hook"):
        impl.hooked()
    with pytest.raises(BaseException, match="with a hook"):
        impl.hooked_optimizer(nn.Linear(2, 2))


@linux_root
def test_a_layer_sent_again_is_the_layer_built_before(zygote, tmp_path):
    """Red team I48: a builder that wrapped its cached layers in a new Sequential on each call passed the tests' "a new
    net on every call" in instructor mode, each reply's layers built afresh. A layer sent again, in another reply or
    twice in one net, is the one built before; new layers are new."""
    impl = _learner(tmp_path, """
        from torch import nn
        _LAYERS = [nn.Linear(2, 3), nn.ReLU()]
        def cached_layers():
            return nn.Sequential(*_LAYERS)
        def fresh():
            return nn.Sequential(nn.Linear(2, 3), nn.ReLU())
        def shared():
            blk = nn.Linear(3, 3)
            return nn.Sequential(blk, blk, nn.Linear(3, 3))
    """, "cached_layers", "fresh", "shared")
    a, b = impl.cached_layers(), impl.cached_layers()
    assert a is not b and a[0] is b[0] and a[1] is b[1]
    c, d = impl.fresh(), impl.fresh()
    assert c[0] is not d[0] and c[1] is not d[1]
    net = impl.shared()
    assert net[0] is net[1] and net[0] is not net[2] and len(list(net.parameters())) == 4


@linux_root
def test_a_layers_sizes_are_what_its_weights_say(zygote, tmp_path):
    """Red team I53: a worker whose description of its layers said Linear(784, 256) for a 32-unit layer passed a test
    that reads in_features and out_features, which no forward reads. The driver reads those sizes off the weights."""
    impl = _learner(tmp_path, """
        from torch import nn
        import katas.wirenets as _wn
        _describe = _wn.describe
        def _lying(m, encode, depth, number):
            node = _describe(m, encode, depth, number)
            told = {k: v for k, v in vars(m).items() if k not in _wn._INTERNAL and _wn._NAME.match(k) and _wn._plain(v)}
            told.update({k: 256 for k in ("in_features", "out_features", "in_channels", "out_channels",
                                          "num_features", "hidden_size", "num_embeddings") if k in told})
            if "kernel_size" in told:
                told["kernel_size"] = (9, 9)
            node["a"] = encode(told, depth + 1)
            return node
        _wn.describe = _lying
        def net():
            return nn.Sequential(nn.Linear(784, 32), nn.Conv2d(1, 6, 5, groups=1), nn.BatchNorm2d(6),
                                 nn.Embedding(10, 4), nn.GRUCell(4, 8))
    """, "net")
    net = impl.net()
    assert (net[0].in_features, net[0].out_features) == (784, 32)
    assert (net[1].in_channels, net[1].out_channels, net[1].kernel_size) == (1, 6, (5, 5))
    assert net[2].num_features == 6 and net[3].num_embeddings == 10 and net[4].hidden_size == 8


@linux_root
def test_a_layer_with_an_attribute_named_as_its_parameter_does_not_cross(zygote, tmp_path):
    """Red team I54: `bias = None` set beside a Linear's bias parameter crossed as an attribute, and the driver's
    rebuilt layer computed without its bias (alexnet and vgg passed in instructor mode). Such a net does not cross, and
    a description that names an attribute as a parameter is refused."""
    from katas import wirenets
    from katas.remote import InstructorUnsupported

    impl = _learner(tmp_path, """
        from torch import nn
        def net():
            m = nn.Linear(3, 2)
            object.__setattr__(m, "bias", None)
            return nn.Sequential(m)
    """, "net")
    with pytest.raises(InstructorUnsupported, match="named as one of its parameters"):
        impl.net()
    enc = Encoder(lambda o: pytest.fail("a handle"))
    node = wirenets.describe(nn.Linear(3, 2), enc, 0, lambda m: 1)
    node["a"] = enc({"in_features": 3, "out_features": 2, "bias": None}, 1)
    dec = Decoder([bytes(b) for b in enc.buffers], lambda i: pytest.fail("own"), lambda n: pytest.fail("handle"))
    with pytest.raises(ProtocolError, match="named as one of its parameters"):
        wirenets.build(node, dec, lambda number, layer: layer)


@linux_root
def test_a_failed_check_in_a_callback_is_sticky(zygote, tmp_path):
    def strict(x):
        katas_fail = KataFailure("the test's check failed", "")
        raise katas_fail

    impl = _learner(tmp_path, """
        def swallow(check):
            try:
                check(1)
            except Exception:
                pass
            return "fine"
    """, "swallow")
    with pytest.raises(KataFailure, match="the test's check failed"):
        impl.swallow(strict)


@linux_root
def test_the_driver_serves_no_attribute_of_its_objects(zygote, tmp_path):
    class Secret:
        answer = 42

        def __call__(self):
            return 1

    impl = _learner(tmp_path, """
        def peek(obj):
            out = []
            for name in ("answer", "__dict__", "_Secret__x", "__globals__", "__func__", "__self__"):
                try:
                    getattr(obj, name)
                    out.append(name)
                except Exception:
                    pass
            return out
    """, "peek")
    with pytest.raises(KataFailure, match="caught instructor mode's refusal.*reads answer of the test's Secret") as e:
        impl.peek(Secret())  # refused, and the refusal sticks though learner code caught it: a failure then
    assert not isinstance(e.value, remote.InstructorUnsupported)  # (red team I20: not gradable hid a wrong answer)


FORGERY = """

import sys as _sys
def _noop(*args, **kwargs):
    return None
for _m in list(_sys.modules.values()):
    for _k, _v in list(getattr(_m, "__dict__", {}).items()):
        if _k.startswith("test_") and hasattr(_v, "__code__"):
            try:
                _v.__code__ = _noop.__code__
            except (TypeError, ValueError):
                pass
"""


@linux_root
@pytest.mark.timeout(240)
def test_the_code_patch_forgery_scores_nothing_in_instructor_mode(tmp_path):
    from selftest.grading import grade

    target = tmp_path / "forged"
    target.mkdir()
    for f in (ROOT / "exercises").glob("*.py"):
        (target / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    with open(target / "ch3_2_linear_regression_scratch.py", "a", encoding="utf-8") as f:
        f.write(FORGERY)
    results, _ = grade(target, ("synthetic_data", "linreg"), env={"KATAS_INSTRUCTOR": "1"})
    assert results["score"] == 0, results


# --- what crosses besides values ---------------------------------------------------------------------------


def test_container_reports_and_picture_descriptions_are_checked():
    from katas import wirefigures

    dec = Decoder([], lambda i: pytest.fail("own"), lambda n: pytest.fail("handle"))
    for report in ([[5, []]], [["0", []]], "x", [[0, [[1]]]]):
        with pytest.raises(ProtocolError, match="not one|no pair"):
            wire.apply_container_changes([{}], report, dec)
    for desc in ({"figs": "x"}, {"figs": [{"num": -1, "size": [1, 1], "axes": []}]},
                 {"figs": [{"num": 1, "size": [1, 1], "axes": [{"pos": [0, 0, 1, 1]}]}]}):
        with pytest.raises(ProtocolError, match="picture"):
            wirefigures.rebuild(desc)


def test_only_declared_library_functions_are_patched_in_the_worker():
    from katas.workerpeer import WorkerPeer

    peer = WorkerPeer.__new__(WorkerPeer)
    peer.module = None
    with pytest.raises(ProtocolError, match="not forwarded"), peer.patched({"os.system": print}):
        pass


@linux_root
def test_lists_and_dicts_come_back_as_learner_code_left_them(zygote, tmp_path):
    impl = _learner(tmp_path, """
        def f(xs, hp, cb):
            xs.append(1)
            hp["t"] += 1
            back = cb(xs)  # the test's own list, in its callback, and its own answer back here
            return back, xs
    """, "f")
    xs, hp, seen = [0], {"t": 1}, []

    def cb(items):
        seen.append(items)
        return seen

    back, same = impl.f(xs, hp, cb)
    assert xs == [0, 1] and hp == {"t": 2}
    assert seen[0] is xs and back is seen and same is xs


@linux_root
def test_patched_library_functions_and_a_test_net_trained_and_moved_in_the_worker(zygote, tmp_path, monkeypatch):
    impl = _learner(tmp_path, """
        import torch
        from torch.cuda import device_count
        def gpus():
            return torch.cuda.device_count(), device_count()
        def fit(net, opt):
            loss = net(torch.ones(1, 3)).sum()
            loss.backward()
            opt.step()
            return net
        def move(net):
            return net.to("meta")
        def offset():
            import random
            return random.randint(0, 4)
        def convex(f):  # red team I16: an attribute the test's function lacks was "not gradable", not missing
            return getattr(f, "convex", "no such attribute")
    """, "gpus", "fit", "move", "offset", "convex")
    assert impl.convex(lambda x: x) == "no such attribute"
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 3)
    assert impl.gpus() == (3, 3)  # on the library and on the learner module's alias
    asked = []  # red team I15: the data iterators' test fixes random.randint's offset, and reads what was asked
    monkeypatch.setattr(random, "randint", lambda a, b: asked.append((a, b)) or 2)
    assert impl.offset() == 2 and asked == [(0, 4)]
    net = torch.nn.Sequential(torch.nn.Linear(3, 1))
    before = net[0].weight.detach().clone()
    opt = torch.optim.SGD(net.parameters(), lr=1.0)
    assert impl.fit(net, opt) is net
    assert torch.allclose(net[0].weight, before - 1.0) and net[0].weight.grad is not None
    assert impl.move(net) is net and net[0].weight.is_meta


@linux_root
def test_what_learner_code_writes_into_a_tests_optimizer_comes_back(zygote, tmp_path):
    """d2l's schedulers write each epoch's rate into the trainer's groups: the test's optimizer crosses as a copy,
    and its groups come back as learner code left them; a scheduler of torch's would step the test's optimizer
    where learner code's copy does not see it, and is not gradable."""
    impl = _learner(tmp_path, """
        def schedule(net, trainer, lr):
            for group in trainer.param_groups:
                group["lr"] = lr
            trainer.step()
        def nothing(net, trainer):
            trainer.step()
    """, "schedule", "nothing")
    net = torch.nn.Sequential(torch.nn.Linear(3, 1))
    trainer = torch.optim.SGD(net.parameters(), lr=0.5, momentum=0.9)
    group = trainer.param_groups[0]
    impl.schedule(net, trainer, 0.05)
    assert trainer.param_groups[0] is group and group["lr"] == 0.05 and group["momentum"] == 0.9
    assert [id(p) for p in group["params"]] == [id(p) for p in net.parameters()]
    params = group["params"]
    impl.nothing(net, trainer)
    assert group["params"] is params and group["lr"] == 0.05  # nothing changed: nothing replaced
    scheduler = torch.optim.lr_scheduler.StepLR(trainer, 1)
    with pytest.raises(remote.InstructorUnsupported, match="StepLR"):
        impl.schedule(net, scheduler, 0.1)


@linux_root
def test_pictures_drawn_by_learner_code_are_redrawn_in_the_driver(zygote, tmp_path):
    from katas.plotting import pyplot

    impl = _learner(tmp_path, """
        from katas.plotting import pyplot
        def draw(xs):
            plt = pyplot()
            plt.figure()
            plt.plot(xs, [x * x for x in xs], "-o", label="f")
            plt.gca().annotate("min", xy=(0, 0), xytext=(1, 1), arrowprops=dict(arrowstyle="->"))
            plt.title("t")
    """, "draw")
    plt = pyplot()
    impl.draw([0.0, 1.0, 2.0])
    ax = plt.gcf().axes[0]
    assert list(ax.get_lines()[0].get_ydata()) == [0.0, 1.0, 4.0] and ax.get_title() == "t"
    notes = [a for a in ax.get_children() if type(a).__name__ == "Annotation"]
    assert [a.get_text() for a in notes] == ["min"] and notes[0].arrow_patch is not None
    plt.close("all")


@linux_root
def test_a_flood_of_calls_to_the_tests_objects_is_not_gradable(zygote, tmp_path, monkeypatch):
    monkeypatch.setattr(remote, "CALLBACK_LIMIT", 50)
    impl = _learner(tmp_path, "def f(g):\n    return [g(i) for i in range(100)]\n", "f")
    with pytest.raises(remote.InstructorUnsupported, match="more than 50 times"):
        impl.f(lambda i: i)


# --- red team I: only the driver's word says "not gradable"; the zygote takes no path it did not compute ------


@linux_root
def test_only_the_drivers_own_refusal_reads_not_gradable(zygote, tmp_path):
    class Spy(torch.nn.Module):
        def forward(self, x):
            return x

    impl = _learner(tmp_path, """
        class InstructorUnsupported(Exception):
            pass
        def forge():
            raise InstructorUnsupported("the grader cannot grade this, give me the points")
        def look(net):
            try:
                return list(net.state_dict())
            except Exception:
                return []
        def look_and_fail(net):
            try:
                net.state_dict()
            except Exception:
                pass
            raise ValueError("my own mistake")
        def look_uncaught(net):
            return list(net.state_dict())
    """, "forge", "look", "look_and_fail", "look_uncaught")
    with pytest.raises(Exception) as raised:
        impl.forge()
    assert not isinstance(raised.value, remote.InstructorUnsupported), raised.value
    with pytest.raises(KataFailure, match="caught instructor mode's refusal.*looks inside the test.s Spy") as e:
        impl.look(Spy())  # the driver's refusal, sticky though learner code caught it: a failure, not not gradable
    assert not isinstance(e.value, remote.InstructorUnsupported)
    with pytest.raises(KataFailure, match="caught instructor mode's refusal") as e:
        impl.look_and_fail(Spy())  # caught, then an error of its own: a failure as well
    assert not isinstance(e.value, remote.InstructorUnsupported)
    with pytest.raises(remote.InstructorUnsupported, match="looks inside the test.s Spy"):
        impl.look_uncaught(Spy())  # uncaught: not gradable, as the driver said


@linux_root
def test_stop_iteration_from_a_call_is_a_runtime_error(zygote, tmp_path):
    impl = _learner(tmp_path, "def f(x):\n    raise StopIteration\ndef g():\n    yield 1\n", "f", "g")
    with pytest.raises(RuntimeError, match="only next"):
        list(map(impl.f, [1, 2]))  # would end map() early, an empty list, were it StopIteration
    assert list(impl.g()) == [1]  # next() still ends an iteration


@linux_root
def test_the_worker_reveals_no_path_the_driver_names(zygote, tmp_path):
    folder = tmp_path / "target"
    folder.mkdir()
    (folder / "learner.py").write_text(textwrap.dedent("""
        import os
        def probe():
            try:
                open("/etc/shadow").read(1)
                shadow = "read"
            except OSError as e:
                shadow = type(e).__name__
            return os.getuid(), shadow
    """), encoding="utf-8")
    ex = types.SimpleNamespace(id="x", file="learner.py", names=("probe",), forbid=(), uses=())
    remote.end_of_session()
    remote._current = None
    uid, shadow = remote.RemoteImpl(ex, folder, None, ["/etc/shadow"]).probe()  # R4: a setup asking for it
    assert uid != 0 and shadow != "read"
    remote.end_of_session()
    remote._current = None
    with pytest.raises(remote.WorkerLost, match="did not start"):
        remote.RemoteImpl(ex, Path("/"), None, [])  # a graded folder above the workbook


@linux_root
@pytest.mark.timeout(120)
def test_a_worker_that_keeps_root_runs_no_learner_code(tmp_path):
    locked = tmp_path / "locked"  # a data folder the worker's uid cannot read: the uid drop fails
    locked.mkdir(mode=0)
    private = tmp_path / "private"
    private.mkdir()
    proc, theirs = instructor.start_zygote(private, {**os.environ, "KATAS_AIRFOIL": str(locked)})
    saved = os.environ.get(instructor.FD_ENV), remote._zygote_sock, remote._current
    try:
        instructor.wait_ready(proc, 120)
        os.environ[instructor.FD_ENV] = str(theirs.fileno())
        remote._zygote_sock = remote._current = None
        with pytest.raises(remote.WorkerLost, match="kept root"):
            _learner(tmp_path, "import os\ndef f():\n    return os.getuid()\n", "f")
    finally:
        if remote._zygote_sock is not None:
            remote._zygote_sock.detach()
        if saved[0] is None:
            os.environ.pop(instructor.FD_ENV, None)
        else:
            os.environ[instructor.FD_ENV] = saved[0]
        remote._zygote_sock, remote._current = saved[1], saved[2]
        theirs.close()
        proc.kill()
        proc.wait()


def test_not_gradable_is_a_status_only_the_drivers_refusal_gives():
    """Red team I7: words can be forged, so the report's not_gradable status (its "?" row, the class summary's own
    section) comes from the driver's InstructorUnsupported only; a stub stays not started, a named mistake of
    another test stays the exercise's verdict."""
    from katas import plugin
    from katas.results import ExerciseResult, TestCaseResult

    assert plugin._not_gradable(remote.InstructorUnsupported("a net of its own class"))
    assert not plugin._not_gradable(KataFailure("not gradable in instructor mode: x", "教师模式下无法批改：x"))
    ex = CATALOG.exercises[0]

    def status(*tests):
        return ExerciseResult.from_tests(ex, [TestCaseResult(f"t{i}", "failed" if s != "passed" else "passed", 0.0, s,
                                                             s, s) for i, s in enumerate(tests)]).status

    assert status("not_gradable", "passed") == "not_gradable"
    assert status("not_started", "not_gradable") == "not_started"
    assert status("failed", "not_gradable") == "failed"


@linux_root
@pytest.mark.parametrize("exercise, source, call", [
    ("squared_loss", "def squared_loss(y_hat, y):\n    y_hat.data.zero_(); y.data.zero_()\n    return y_hat * 0",
     lambda f: f(torch.randn(4, 1), torch.randn(4))),
    ("tokenize", "def tokenize(lines, token='word'):\n    lines.clear()\n    return []",
     lambda f: f(["a b", "c"], "word")),
    # red team I10: a params list of the test's own tensors reordered (its reference then made the same mistake),
    # and an instance of a graded class whose __call__ zeroed the test's valid lengths
    ("gru", "def gru(inputs, state, params):\n    params.reverse()\n    return inputs, state",
     lambda f: f(torch.randn(2, 3), (torch.zeros(1),), [torch.ones(1), torch.zeros(1)])),
    ("MaskedSoftmaxCELoss", "class MaskedSoftmaxCELoss:\n    def __call__(self, pred, label, valid_len):\n"
     "        valid_len.zero_()\n        return pred.sum()",
     lambda f: f()(torch.randn(2, 3), torch.ones(2), torch.ones(2))),
])
def test_a_function_that_changes_its_arguments_fails_unless_that_is_its_job(zygote, tmp_path, exercise, source, call):
    """Red team I8: in-place changes come back to the test's own objects, and tests that computed the expected
    answer from them after the call were matched by zeroing them (stubs at 10/10); only the exercises whose job is
    to change their arguments (add_one_, sgd, the book's sequence_mask) may."""
    impl = _learner(tmp_path, source, exercise, exercise=exercise)
    with pytest.raises(KataFailure, match="changed its argument in place"):
        call(getattr(impl, exercise))
    assert "add_one_" in arguments.CHANGES_INPUTS


FORGER = """
    import gc
    import torch
    from katas.workerpeer import WorkerPeer
    kept = []
    def ask(op, body):
        peer = next(o for o in gc.get_objects() if isinstance(o, WorkerPeer))
        peer.request(op, body)
    def lend(net):
        kept.append(net)
        return 0
    def rewrite():
        with torch.no_grad():
            for p in kept[0].parameters():
                p.zero_()
        return kept[0]
"""


@linux_root
@pytest.mark.parametrize("op, why", [("inside", "never handed out"), ("leaf", "where no tensor sent has one")])
def test_requests_about_what_the_driver_never_lent_break_the_protocol(zygote, tmp_path, op, why):
    """Red team I10: a worker that asked to look inside the int 1 was told "not gradable", for a wrong answer (and
    a write into a tensor with a history, where no tensor sent has one, would have been too)."""
    impl = _learner(tmp_path, FORGER, "ask")
    with pytest.raises(remote.WorkerLost, match=why):
        impl.ask(op, {"h": 1, "n": "x"})


@linux_root
def test_a_net_lent_to_one_call_takes_no_state_from_a_later_one(zygote, tmp_path):
    """Red team I10: a reply may carry a state back only for the nets its own exchange sent."""
    impl = _learner(tmp_path, FORGER, "lend", "rewrite")
    net = nn.Linear(2, 2)
    before = net.weight.detach().clone()
    assert impl.lend(net) == 0
    with pytest.raises(remote.WorkerLost, match="later call than the one that lent it"):
        impl.rewrite()
    assert torch.equal(net.weight.detach(), before)


def test_a_check_that_fails_after_a_refusal_is_the_verdict(monkeypatch):
    """Red team I33: a refusal caught, then a failing check of the test's swallowed, then the refusal's words raised:
    not gradable took the failure out of the record."""
    monkeypatch.setattr(remote.Peer, "reply_error", lambda self, seq, e: None)
    peer = remote.TrustedPeer.__new__(remote.TrustedPeer)
    peer.sticky = None
    check = KataFailure("sgd found a parameter with no gradient", "")
    peer.reply_error(1, remote.InstructorUnsupported("your code x"))
    peer.reply_error(2, check)
    assert peer.sticky is check
    peer.reply_error(3, remote.InstructorUnsupported("your code y"))
    assert peer.sticky is check


def test_a_refusal_after_which_learner_code_asks_again_was_caught():
    """Red team I33 caught a refusal, asked the test's objects again, then raised the refusal's words: it went on, so
    the test fails (its words alone would read as the refusal come back uncaught)."""
    from katas.wire import ProtocolError

    peer = remote.TrustedPeer.__new__(remote.TrustedPeer)
    peer.sticky, peer.went_on = remote.InstructorUnsupported("your code x"), False
    with pytest.raises(ProtocolError):
        peer.handle("call", None)  # any request at all, after the refusal
    with pytest.raises(KataFailure, match="caught instructor mode's refusal"):
        peer.raise_sticky()
    assert not peer.went_on and peer.sticky is None


@linux_root
def test_the_tests_reads_of_lent_names_are_the_drivers_own_objects(zygote, tmp_path, monkeypatch):
    """Red team I45: the learner module's class answered the test's read of data_iter (a `uses` name) with a stand-in,
    which the test then spied on as the reference. A `uses` name, and a function a test put into the module, read back
    as the driver's own object; a plain value learner code steps is read in the worker."""
    def data_iter():
        return "the reference's"

    impl = _learner(tmp_path, """
        import sys, types
        t = 0
        class _Lying(types.ModuleType):
            def __getattribute__(self, name):
                if name in ("data_iter", "clock"):
                    return lambda: "a stand-in"
                return super().__getattribute__(name)
        sys.modules[__name__].__class__ = _Lying
        def step():
            global t
            t += 1
            return data_iter()
    """, "step", uses={"data_iter": data_iter})
    module = impl._module
    assert module.data_iter is data_iter
    clock = lambda: 1.0  # noqa: E731
    monkeypatch.setattr(module, "clock", clock)
    assert impl._module.clock is clock
    assert impl.step() == "the reference's" and impl._module.t == 1


def test_a_meta_tensor_is_one_under_the_simulated_gpu():
    """Red team I57: the test's simulated-GPU mode made the decoder's meta tensor a CPU tensor of empty()'s bytes, the
    driver's freed memory, which the test compared and showed ("got 1.15775e+28"). It is made with every mode off."""
    from katas.simdevice import simulated

    with simulated():
        t = _decode({"meta": ["float32", [64, 64]], "rg": False})
    assert t.is_meta and t.shape == (64, 64)


HOG = """

def add_one(X):
    import time
    hog = bytearray(3 * 2**28)  # 768 MiB, every page touched
    hog[::4096] = b"x" * len(hog[::4096])
    time.sleep(8)
    return X + 1
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.getuid() != 0 or not shutil.which("unshare"),
                    reason="root's own mount namespace, with no cgroup file system in it")
def test_a_worker_with_no_cgroup_is_stopped_past_its_memory_cap(tmp_path):
    """Red team 135: as root with no cgroup (Docker's read-only cgroup file system), nothing capped a worker's memory:
    an add_one that held 3.4 GiB under a 1 GiB cap passed. The zygote looks at each worker's memory as the runner
    looks at a test child's, and kills it past the cap; the test says it may have been that."""
    target = tmp_path / "hog"
    target.mkdir()
    target.chmod(0o755)
    for f in (ROOT / "solutions").glob("*.py"):
        shutil.copy(f, target / f.name)
    with open(target / "ch3_2_argument_passing.py", "a", encoding="utf-8") as f:
        f.write(HOG)
    out = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         'mount -t tmpfs none /sys/fs/cgroup && exec "$0" grade.py --instructor --target "$1" add_one',
         sys.executable, str(target)],
        cwd=ROOT, env={**os.environ, "KATAS_MEMORY_LIMIT": str(256 * 2**20), "NO_COLOR": "1"},
        capture_output=True, text=True, timeout=300)
    assert "without: memory cap" in out.stdout + out.stderr  # (no cgroup, as meant)
    assert "0/1" in out.stdout and "memory cap of 256 MiB" in " ".join(out.stdout.split()).replace("│ ", ""), out.stdout


def test_a_simulated_gpu_tensor_comes_only_while_the_test_is_on_the_simulated_gpu():
    """Red team I58: the driver made any tensor the worker marked "sim" a simulated-GPU tensor, whose device reads
    meta while its data stays on the CPU: CPU data passed a test's check that it was on the meta device."""
    from katas import remote
    from katas.simdevice import SimTensor, simulated

    enc = Encoder(lambda o: pytest.fail("a handle"))
    with simulated():
        tree = enc(SimTensor(torch.ones(2)))
    for on_sim in (False, True):
        dec = Decoder([bytes(b) for b in enc.buffers], lambda i: pytest.fail("own"), lambda n: pytest.fail("handle"))
        dec.simulating = remote._on_simulated_gpu
        if on_sim:
            with simulated():
                assert isinstance(dec(tree), SimTensor)
        else:
            with pytest.raises(ProtocolError, match="not on the simulated GPU"):
                dec(tree)
