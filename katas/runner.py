"""Run the graded tests of some exercises, each in a process of its own that learner code may hang,
kill, flood or fill with files.

A test server (katas/server.py: pytest that has collected the tests) forks one child per exercise,
walled in by katas/sandbox.py. The parent, here, decides everything that matters from what it knows
itself: which tests each child runs (the server's collection, made before any learner code ran), each
child's deadline (the tests' own timeouts), how many run at once, and the bound of the whole run
(katas/watchdog.py holds it even when this loop is held up). A child's records come through a pipe
only it holds (katas/channel.py) and are read as untrusted input (katas/records.py). A child that
overstays, writes too much or dies is killed with everything it started; its exercise gets the
verdict, and no other exercise is touched.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from katas import channel, instructor, sandbox, stale
from katas.catalog import ROOT, Exercise
from katas.measure import Descriptors, cpu_and_wait, over_memory, parent, size
from katas.progress import plot_path, remove_state, write_state
from katas.records import Record, frame, parse
from katas.results import NOT_RUN, TestCaseResult
from katas.sandbox import DISK_LIMIT, OUT_OF_MEMORY, OUTPUT_LIMIT, memory_limit, sweep, wall_missing
from katas.watchdog import Watchdog

LAUNCH = Path(__file__).resolve().parent / "launch.py"  # the server's start: safe import paths, then pytest


def launch_command(*args: str) -> list[str]:
    """python -P launch.py args: the test server's start (and --compare's training runs, katas/compare.py)."""
    return [sys.executable, *(["-P"] if sys.version_info >= (3, 11) else []), str(LAUNCH), *args]

GRACE = 10.0  # seconds past a test's own timeout before its child is killed
PROBE_LIMIT = 20.0  # seconds a learner's file may take to import
WARM_FROM = 5  # exercises in a run from which the server imports torch's lazy modules once for all children
START_LIMIT = 120.0  # seconds the server may take to import torch and collect
RUN_LIMIT = float(os.environ.get("KATAS_RUN_LIMIT") or 1800)  # seconds a whole grading may take, at most
FAIR_AFTER = 0.25  # past this share of its limit, a run picks exercises of the files that have spent least first
UNTRIED = 0.5  # the share of its time a file none of whose exercises has finished is taken to use (see _fairest)
KILL_WAIT = 5.0  # seconds a killed child's exit may take to be reported before it is taken as dead
LOG_TAIL = 4000  # characters of a child's output kept to explain a failure
DROPPED_KEPT = 50  # refused records whose reason is kept (the rest are counted)


@dataclass
class Test:
    nodeid: str
    exercise: str
    timeout: float
    data: list[str]  # the data sets it reads (keys of katas/data.py's SETS)


@dataclass
class Run:
    """Everything the children reported, checked."""

    tests: dict[str, list[TestCaseResult]] = field(default_factory=dict)  # exercise id -> results
    devices: list[str] = field(default_factory=list)
    logs: dict[str, str] = field(default_factory=dict)  # exercise id -> the end of its child's output
    dropped: list[str] = field(default_factory=list)  # records refused, and why (the first DROPPED_KEPT)
    refused: int = 0  # records refused in all
    walls: dict[str, tuple] = field(default_factory=dict)  # exercise id -> (what held, what did not)
    server_log: str = ""  # the server's own output, when it failed
    rerun: dict[str, str] = field(default_factory=dict)  # exercise id -> why it was graded again, alone (starved)

    def refuse(self, why: str) -> None:
        self.refused += 1
        if len(self.dropped) < DROPPED_KEPT:
            self.dropped.append(why)


def parallelism() -> int:
    """Children at once: one per core, at most 8 ($KATAS_JOBS to choose)."""
    if os.environ.get("KATAS_JOBS", "").isdigit():
        return max(1, int(os.environ["KATAS_JOBS"]))
    return max(1, min(8, os.cpu_count() or 1))


def child_env() -> dict:
    """The environment of the test server (and so of every child)."""
    jobs = parallelism()
    return {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        # only the plugins grading needs: a learner's pytest-randomly or hypothesis must not
        # reorder, reseed or slow the graded run
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        # half a child's share of the cores: OpenMP threads that spin for cores the editor or another
        # child holds made the workbook 14x slower on a busy 2-core machine (158 s against 11 s), and
        # train_ch3's test 7x slower with two threads than with one beside two busy processes
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS") or str(max(1, (os.cpu_count() or 1) // (2 * jobs))),
        # the server asks NVML, not the CUDA runtime, whether there is a GPU: a CUDA context in the
        # server would be inherited, broken, by every fork
        "PYTORCH_NVML_BASED_CUDA_CHECK": "1",
    }


class Server:
    """A running test server over some test files; it forks a child per job (one job per server where
    the platform cannot fork)."""

    def __init__(self, files: list[str], target: Path, seed: int, exercises: list[str], *, verbose: bool = False):
        with _signals_held():  # a Ctrl-C or kill from here on finds the server in _OPEN: closed on the way out
            self._open(files, target, seed, exercises, verbose)

    def _open(self, files: list[str], target: Path, seed: int, exercises: list[str], verbose: bool) -> None:
        stale.sweep()  # the folders of gradings that were killed before they could remove them
        sandbox.sweep_stale_groups()  # and their cgroups
        self.procs: list[subprocess.Popen] = []
        self.sock = None
        self.closed = False
        self.tmp = stale.make_folder()  # 0711: a child's uid may enter its own job folder here, list nothing
        _OPEN.add(self)
        self.private = self.tmp / "private"  # the server's: its log, the children's unlinked output files
        self.log_path = self.private / "server.txt"
        self.sock, theirs = channel.pair() if channel.PASSES_FDS else (None, None)
        self.args = [
            *files, "-p", "pytest_timeout", "-p", "katas.plugin", "--katas-serve",
            f"--target={target}", f"--seed={seed}", "--exercise=" + ",".join(exercises),
            "-s", "-v" if verbose else "-q", "--no-header", "-p", "no:cacheprovider",
            "--continue-on-collection-errors", "-W", "ignore::pytest.PytestAssertRewriteWarning", "--assert=plain",
            "--import-mode=importlib",  # the tests' folders never go on sys.path, ahead of the packages or at all
            # the workbook's own configuration, named: no pytest.ini, tox.ini or setup.cfg found on the way (red team 22
            # planted one in tests/ that collected nothing, and one at the root that loaded a plugin of its own)
            "-c", str(ROOT / "pyproject.toml"), f"--rootdir={ROOT}",
        ]  # fmt: skip
        self.messages: queue.Queue = queue.Queue()
        self.collection: list[Test] | None = None
        self.devices: list[str] = []
        self.forks = hasattr(os, "fork")
        self.runs = 0  # gradings done with it (watch mode: one a save)
        self.zygotes: list[subprocess.Popen] = []  # instructor mode's (katas/instructor.py)
        self._launch(theirs)
        if theirs is not None:
            theirs.close()

    def _launch(self, theirs=None) -> subprocess.Popen:
        env = {**child_env(), "KATAS_PRIVATE": str(self.private)}
        if "MPLCONFIGDIR" not in env and not os.access(os.path.expanduser("~"), os.W_OK):
            env["MPLCONFIGDIR"] = str(self.private)  # else matplotlib makes a folder in /tmp that a stopped server
            # leaves behind (red team 23: one a grading, as a user whose home it may not write)
        if threading.current_thread() is threading.main_thread():  # the server dies with this thread (launch.py)
            env["KATAS_RUNNER_PID"] = str(os.getpid())
        if theirs is not None:
            env["KATAS_CHANNEL_FD"] = str(theirs.fileno())
        zygote = instructor.start_zygote(self.private, env) if instructor.enabled() and self.forks else None
        if zygote is not None:  # instructor mode: the learner's code runs in workers the zygote forks
            self.zygotes.append(zygote[0])
            env[instructor.FD_ENV] = str(zygote[1].fileno())
        with open(self.log_path, "ab") as log:
            proc = subprocess.Popen(
                launch_command(*self.args),
                # in its own folder: a config file read from the working folder (a matplotlibrc planted in the
                # workbook's root broke every picture test: red team 26) is none of the workbook's
                cwd=self.private, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                start_new_session=True,  # our Ctrl-C is ours; the server is stopped by close()
                pass_fds=tuple(s.fileno() for s in (theirs, zygote and zygote[1]) if s is not None),
            )  # fmt: skip
        if zygote is not None:
            zygote[1].close()
        self.procs.append(proc)
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()
        return proc

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            try:
                self.messages.put((proc, json.loads(line)))
            except ValueError:
                pass
        self.messages.put((proc, {"event": "server-exit"}))

    def collect(self, on_event: Callable[[dict], None] | None = None) -> list[Test]:
        """The tests the server collected (it says so before running any learner code)."""
        deadline = time.monotonic() + START_LIMIT
        while self.collection is None:
            try:
                proc, msg = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if msg.get("event") == "collected":
                self.collection = [Test(t["nodeid"], t["exercise"], float(t["timeout"]), list(t["data"]))
                                   for t in msg["tests"]]
                self.devices = list(msg["devices"])
                if on_event:
                    on_event(msg)
            elif msg.get("event") == "server-exit":
                break
        if self.collection is None:
            self.collection = []
        for zygote in self.zygotes:  # instructor mode: its workers can start before the first test asks
            instructor.wait_ready(zygote, START_LIMIT)
        return self.collection

    def start(self, job: dict) -> subprocess.Popen:
        """Hand a job to a server; returns the server process that runs it."""
        proc = self.procs[0] if self.forks else self._launch()
        try:
            proc.stdin.write((json.dumps(job) + "\n").encode())
            proc.stdin.flush()
        except OSError:  # the server is gone: the job's exit is reported as such
            self.messages.put((proc, {"event": "server-exit"}))
        return proc

    def warm(self) -> None:
        """Ask an idle server to warm up (katas/server.py's _warm_up) for the gradings still to come."""
        if self.forks and self.procs[0].poll() is None:
            try:
                self.procs[0].stdin.write(b'{"event": "warm"}\n')
                self.procs[0].stdin.flush()
            except OSError:
                pass

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-LOG_TAIL:]
        except OSError:
            return ""

    def close(self) -> None:
        """Stop the server (it kills its children first), then remove every file the run made. A signal that
        comes meanwhile (a second Ctrl-C) waits for the end: a close cut short would leave them."""
        with _signals_held():
            self._close()

    def _close(self) -> None:
        if self.closed:
            return
        for proc in self.procs:
            try:
                proc.stdin.write(b'{"event": "stop"}\n')
                proc.stdin.close()
            except OSError:
                pass
        for proc in self.procs:
            for stop, wait in ((False, 0.5), (signal.SIGTERM, 5.0), (None, None)):  # asked, told, killed
                if stop is not False:
                    _signal(proc, stop)
                try:
                    proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self.sock is not None:
            self.sock.close()
        for proc in self.zygotes:  # its workers die with it (PDEATHSIG)
            _kill_group(proc.pid)
            proc.wait()
        for proc in self.procs + self.zygotes:  # a server killed before it cleaned up: its children's cgroups
            sweep(proc.pid)
        _rmtree(self.tmp)
        self.closed = True
        _OPEN.discard(self)

    def kill(self) -> None:
        """The watchdog's: every server with everything below it, now."""
        for proc in self.procs + self.zygotes:
            _kill_group(proc.pid)


_OPEN: set[Server] = set()  # servers not closed yet: closed at exit, however the program ends it


@atexit.register
def _close_open_servers() -> None:
    for server in list(_OPEN):
        server.close()


_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _signals_held():
    """Signals that would stop the program (Ctrl-C, kill, a closed terminal) wait until the block is done, then
    go to the handlers the program had: a server is then either not made yet, or known to _OPEN, or closed.
    Only the main thread may set handlers; elsewhere the block runs as is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    before = {}
    for sig in _HELD:
        handler = signal.getsignal(sig)
        if handler is not None and handler is not signal.SIG_IGN:  # None: set outside Python, left alone
            before[sig] = signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
        if caught:
            if before[caught[0]] is signal.SIG_DFL:  # it ends the program at once: no exit handler would run
                _close_open_servers()
            signal.raise_signal(caught[0])


@dataclass
class _Child:
    exercise: Exercise | None  # None for a probe
    tests: dict[str, Test]  # node id -> test, the ones this child was given
    folder: Path
    proc: subprocess.Popen  # the server that forked it (or runs it)
    pid: int | None = None
    outlet: channel.Outlet | None = None  # its records and output
    by_path: bool = False  # no descriptors passed (Windows): the outlet is opened in its folder
    began: float = 0.0
    budget: float = 0.0  # its tests' timeouts and grace, summed (the parent's numbers)
    deadline: float = 0.0  # the whole child's: no record of its own moves it
    started: set[str] = field(default_factory=set)  # tests it said it started: each gets one deadline
    picture: bytes | None = None  # the PNG its tests drew
    test_deadline: float = float("inf")  # the running test's
    running: str | None = None
    results: dict[str, Record] = field(default_factory=dict)
    finished: bool = False
    importing: bool = False
    killed: str | None = None  # why the parent killed it: "timeout" | "disk" | "memory"
    killed_at: float = 0.0
    eof_at: float = 0.0  # when its record pipe closed: it and everything it started are gone
    next_disk_check: float = 0.0
    probe: str | None = None  # the file a probe imports
    started_at: float = 0.0  # when the server said it started it
    starved: str | None = None  # it timed out with far less CPU than its wall time: how far
    walled: bool = False  # its walls record came
    descriptors: Descriptors = field(default_factory=Descriptors)  # what its descriptors hold, learnt look by look

    @property
    def name(self) -> str:
        return self.exercise.id if self.exercise else f"(import {self.probe})"


def run(exercises: list[Exercise], server: Server, *, seed: int | None = None, verbose: bool = False,
        on_event: Callable[[dict], None] | None = None) -> Run:
    """Grade exercises with server: at most parallelism() children at once, every exercise gets a result."""
    collection = server.collection if server.collection is not None else server.collect(on_event)
    result = Run(tests={ex.id: [] for ex in exercises}, devices=server.devices or ["cpu"])
    by_exercise: dict[str, dict[str, Test]] = {}
    for t in collection:
        by_exercise.setdefault(t.exercise, {})[t.nodeid] = t
    if not collection:
        result.server_log = server.log()
    # the longest first, as their tests' timeouts say: a training test started last would end the run on one core
    todo = sorted((ex for ex in exercises if by_exercise.get(ex.id)),
                  key=lambda ex: -max(t.timeout for t in by_exercise[ex.id].values()))
    for ex in exercises:
        if not by_exercise.get(ex.id):
            result.tests[ex.id].append(TestCaseResult(
                "(collection)", "failed", 0.0, "error",
                "its tests could not be collected: the grader's log below says why",
                "无法收集它的测试：原因见下方批改程序的日志"))  # fmt: skip
            result.server_log = server.log()
    budgets = {ex.id: sum(t.timeout + GRACE for t in by_exercise[ex.id].values()) for ex in todo}
    n_probes = sum(1 for file, n in Counter(ex.file for ex in todo).items() if n > 1)
    limit = bound([*budgets.values(), *[0.0] * n_probes])
    started_at = time.monotonic()
    running: dict[int, _Child] = {}  # job number -> child
    probes: dict[str, object] = {}  # file -> None while its import is being tried, True when it imports
    # a file with one exercise to grade needs no probe: that exercise's job imports it
    probes.update({file: True for file, n in Counter(ex.file for ex in todo).items() if n == 1})
    jobs = iter(range(1, 1 << 62))
    spent: Counter[str] = Counter()  # file -> seconds its exercises' finished children have lived
    allowed: Counter[str] = Counter()  # file -> their tests' time (timeouts and grace)
    again: list[Exercise] = []  # timed out starved of CPU: graded once more at the end, alone
    alone = False

    def kill_everything():
        for child in list(running.values()):
            if child.pid:
                _kill_group(child.pid)
        server.kill()

    watchdog = Watchdog(limit + KILL_WAIT + 10, kill_everything)  # the loop's own limit comes first
    try:
        while todo or running or again:
            now = time.monotonic()
            if now - started_at > limit or watchdog.expired:
                _out_of_time(todo + again, running, result, limit)
                todo, again = [], []
            if again and not todo and not running:  # every other child has gone: nothing can starve these now
                extra = sum(life(budgets[ex.id]) for ex in again)
                limit, todo, again, alone = limit + extra, again, [], True
                watchdog.extend(extra)
            fair = now - started_at > FAIR_AFTER * limit  # a run this long has code in it that spends its time
            while todo and _room(running, 1 if alone else parallelism()):
                ready = [e for e in todo if probes.get(e.file) is True]
                ex = _fairest(ready, running, spent, allowed, budgets) if fair else next(iter(ready), None)
                file = next((e.file for e in todo if e.file not in probes), None)
                if file is not None and (ex is None or fair and _cost(ex.file, running, spent, allowed) > (UNTRIED, 0)):
                    # a file no probe has imported yet, before one that is slow or busy: try its import alone first
                    probes[file] = None
                    _start(server, next(jobs), running, None, {}, PROBE_LIMIT, seed, probe=file,
                           warm=len(exercises) >= WARM_FROM)
                    continue
                if ex is None:
                    break
                todo.remove(ex)
                _start(server, next(jobs), running, ex, by_exercise[ex.id], budgets[ex.id], seed,
                       warm=len(exercises) >= WARM_FROM)
            for status, child in _handle_messages(server, running, result, on_event, wait=0.01) + _lost(running):
                if child.probe:
                    verdict = _probe_verdict(child, status)
                    probes[child.probe] = True if verdict is None else verdict
                    if verdict is not None:  # the file itself hangs or kills its process: all its exercises
                        for ex in [e for e in todo if e.file == child.probe]:
                            todo.remove(ex)
                            result.tests[ex.id].append(verdict)
                            result.logs[ex.id] = _output(child)[-LOG_TAIL:]
                    _close(child)
                else:
                    _finish(child, status, result, verbose, on_event)
                    ex = child.exercise
                    spent[ex.file] += time.monotonic() - child.began
                    allowed[ex.file] += child.budget
                    if child.starved and not alone and ex.id not in result.rerun:
                        result.rerun[ex.id] = child.starved
                        result.tests[ex.id], _ = [], result.logs.pop(ex.id, None)
                        again.append(ex)
            for child in running.values():
                _read_records(child, result, on_event)
                _police(child)
    finally:
        watchdog.stop()
        for child in running.values():
            if child.pid:
                _kill_group(child.pid)
            _close(child)
    server.runs += 1
    if server.runs == 2:  # a server used again (watch mode): warmed up now, while the learner edits
        server.warm()
    return result


def _room(running: dict[int, _Child], cores: int) -> bool:
    """Room for another child: fewer than `cores` still at work. One that has said "finish" is only exiting (its
    address space torn down, its end reported): the next starts beside it, one such at most, none when alone."""
    working = sum(1 for c in running.values() if not c.finished)
    return working < cores and len(running) < cores + (cores > 1)


def life(budget: float) -> float:
    """The longest a child lives once the server has started it, whatever it does or sends: its tests' budget,
    its file's import, the wait for its death to be reported (a probe: budget 0)."""
    return budget + PROBE_LIMIT + KILL_WAIT


def bound(budgets: list[float]) -> float:
    """The parent's bound on a whole run, which covers every child it schedules: the server's start, the
    children's lives spread over the children that run at once, the longest once more (the last to start)
    after a probe of its file; never more than RUN_LIMIT."""
    if not budgets:
        return START_LIMIT
    lives = [life(b) for b in budgets]
    return min(RUN_LIMIT, START_LIMIT + sum(lives) / parallelism() + max(lives) + life(0.0))


def _fairest(ready: list[Exercise], running: dict[int, _Child], spent: Counter, allowed: Counter,
             budgets: dict[str, float]) -> Exercise | None:
    """The next exercise once a run has used FAIR_AFTER of its limit (before, the longest first): of the file whose
    finished children used the least share of their tests' time, a file none of whose has finished counting as
    UNTRIED, and of those the one with fewest children running now; then the shortest (red team 34's files that
    slept through most of each long test, not yet tried, went before a quick one of the same standing); ties in
    ready's order. A file whose code is slow or hangs
    then waits behind a file not tried yet (red team 18 kept 129 correct exercises of other files from running, with
    7 files that spent each test's time to the last second), and a file whose exercises finish quickly goes before
    both (red team I18 hung the first exercise of 57 files, and the same student's correct file, whose first
    exercise had run, waited behind all of them until the run's limit)."""
    return min(ready, key=lambda e: (*_cost(e.file, running, spent, allowed), budgets[e.id]), default=None)


def _cost(file: str, running: dict[int, _Child], spent: Counter, allowed: Counter) -> tuple[float, int]:
    """(the share of their time file's finished children used, UNTRIED if none has finished; how many of its
    children run now)."""
    busy = sum(1 for c in running.values() if c.exercise is not None and c.exercise.file == file)
    return (spent[file] / allowed[file] if allowed[file] else UNTRIED), busy


def _start(server: Server, job: int, running: dict[int, _Child], ex: Exercise | None, tests: dict[str, Test],
           budget: float, seed: int | None, probe: str | None = None, warm: bool = False) -> None:
    folder = server.tmp / f"job-{job}-{secrets.token_hex(8)}"
    folder.mkdir(mode=0o700)
    message = {"job": job, "dir": str(folder), "seed": seed, **({"probe": probe} if probe else {"exercise": ex.id}),
               "warm": job == 1 and warm}
    if ex is not None:  # an earlier grading's picture is not this one's
        remove_state(plot_path(ex.id))
    child = _Child(ex, tests, folder, server.start(message), probe=probe, by_path=not server.forks)
    child.began = time.monotonic()
    child.budget = 0.0 if probe else budget
    child.deadline = child.began + START_LIMIT  # until the server says it started (its data sets load first)
    running[job] = child


def _probe_verdict(child: _Child, status: int) -> TestCaseResult | None:
    """None when the file imports (or fails to, which each exercise then reports); else the file's verdict."""
    if not child.killed and status == 0 and child.finished:
        return None
    outcome = "timeout" if child.killed == "timeout" else "crashed"
    en, zh = _death(status, child.killed, None, True)
    return TestCaseResult(f"(import {child.probe})", outcome, 0.0, outcome, en, zh)


def _handle_messages(server: Server, running: dict[int, _Child], result: Run, on_event,
                     wait: float = 0.0) -> list[tuple[int, _Child]]:
    """Apply the server's news: children started (their pid, their outlet) and children gone (their exit status).
    With nothing new, wait up to `wait` seconds for news: a child's end is seen at once, and its core handed on."""
    gone = []
    while True:
        try:
            proc, msg = server.messages.get(timeout=wait) if wait else server.messages.get_nowait()
        except queue.Empty:
            return gone
        wait = 0.0  # the rest that has come, without waiting
        event = msg.get("event")
        if event == "started" and msg.get("job") in running:
            child = running[msg["job"]]
            child.pid = int(msg["pid"])
            child.deadline = time.monotonic() + life(child.budget) - KILL_WAIT  # from the parent's numbers alone
            child.started_at = time.monotonic()
            if server.sock is not None:
                child.outlet = channel.receive(server.sock, msg["job"])
        elif event == "started" and server.sock is not None:  # a job given up on: its outlet is closed
            if (late := channel.receive(server.sock, msg.get("job"))) is not None:
                late.close()
            if isinstance(msg.get("pid"), int):
                _kill_group(msg["pid"])
        elif event == "exited" and msg.get("job") in running:
            child = running.pop(msg["job"])
            _read_records(child, result, on_event)
            gone.append((int(msg["status"]), child))
        elif event == "server-exit":  # the server itself ended: every job it held ended with it
            for job, child in list(running.items()):
                if child.proc is proc:
                    status = proc.wait()
                    running.pop(job)
                    _read_records(child, result, on_event)
                    gone.append((status if not server.forks else -signal.SIGKILL, child))  # as if killed


def _lost(running: dict[int, _Child]) -> list[tuple[int, _Child]]:
    """Children the server never reported: never started by their deadline, killed and never reported gone, or
    gone (their record pipe closed) and never reported (a server stopped with SIGSTOP): not waited for."""
    now, lost = time.monotonic(), []
    for job, child in list(running.items()):
        if child.outlet is not None and child.outlet.eof and not child.eof_at:
            child.eof_at = now
        never_started = child.pid is None and now > child.deadline
        if never_started or (child.killed and now > child.killed_at + KILL_WAIT):
            child.killed = child.killed or "timeout"
            lost.append((-signal.SIGKILL, running.pop(job)))
        elif child.eof_at and now > child.eof_at + KILL_WAIT:  # gone, and the server never said so
            lost.append((0 if child.finished else -signal.SIGKILL, running.pop(job)))
    return lost


def _read_records(child: _Child, result: Run, on_event) -> None:
    if child.outlet is None and child.by_path:
        child.outlet = channel.Outlet.in_folder(child.folder)
    if child.outlet is None:
        return
    refused = child.outlet.refused
    lines = child.outlet.lines()
    for _ in range(child.outlet.refused - refused):
        result.refuse(f"{child.name}: a line longer than {channel.READ_LIMIT} bytes")
    for line in lines:
        rec, why = parse(line.decode("utf-8", errors="replace"), set(child.tests))
        if why:
            result.refuse(f"{child.name}: {why}")
        if rec is None or child.finished:
            continue
        if rec.event == "start":
            if rec.nodeid in child.started or rec.nodeid in child.results:  # a second start gains no time
                result.refuse(f"{child.name}: {rec.nodeid} started again")
                continue
            child.started.add(rec.nodeid)
            if child.running is not None:  # a start before the last test's result: that test still runs, on its clock
                result.refuse(f"{child.name}: {rec.nodeid} started while {child.running} runs")
                continue
            child.test_deadline = time.monotonic() + child.tests[rec.nodeid].timeout + GRACE
            child.running, child.importing = rec.nodeid, False
        elif rec.event in ("import", "imported"):
            child.importing = rec.event == "import"
        elif rec.event == "result" and rec.nodeid not in child.results:
            if not child.killed and size(child.folder) > DISK_LIMIT:  # this test wrote too much: name it
                _kill(child, "disk")
                break
            child.results[rec.nodeid] = rec
            if rec.status == "timeout":
                _check_starved(child)
            child.running, child.importing, child.test_deadline = None, False, float("inf")
        elif rec.event == "finish":
            child.finished = True
        elif rec.event == "walls":  # what the child says held: never believed (the runner looks itself), and of
            if child.exercise and not child.walled:  # what it lacks only the sandbox's own words are shown; the
                child.walled = True  # first record only, written before any learner code ran (a later one: forged)
                missing = tuple(w for w in map(wall_missing, rec.payload[1]) if w)
                result.walls[child.exercise.id] = (rec.payload[0], missing)
        elif rec.event == "picture" and child.exercise and rec.payload[0] == child.exercise.id:
            child.picture = rec.payload[1]  # its own exercise's only; kept if every test passes (_finish)
        if on_event and rec.event in ("start", "result"):
            on_event({"event": rec.event, "nodeid": rec.nodeid})


def _keep_picture(ex_id: str, png: bytes) -> None:
    """The parent, not the child, writes .katas/plots/<id>.png."""
    write_state(plot_path(ex_id), png)


def _kill(child: _Child, why: str) -> None:
    child.killed, child.killed_at = why, time.monotonic()
    if child.pid:
        _kill_group(child.pid)


def _police(child: _Child) -> None:
    """Kill a child past its deadline, one whose folder grew past DISK_LIMIT (where it has no tmpfs of its own), or
    one past its memory cap by the runner's count (where a cgroup caps it, the count of its sockets only)."""
    if child.killed or child.pid is None:
        return
    now = time.monotonic()
    if now > min(child.deadline, child.test_deadline):
        if child.running:
            _check_starved(child)
        _kill(child, "timeout")
    elif now >= child.next_disk_check:
        child.next_disk_check = now + 0.5
        if size(child.folder) > DISK_LIMIT or _output_size(child) > 2 * OUTPUT_LIMIT:
            _kill(child, "disk")
        elif over_memory(child.pid, child.descriptors):
            _kill(child, "memory")  # the parent's look, not its word


def _output(child: _Child) -> str:
    return child.outlet.output() if child.outlet is not None else ""


def _close(child: _Child) -> None:
    if child.outlet is not None:
        child.outlet.close()
    _rmtree(child.folder)


def _finish(child: _Child, status: int, result: Run, verbose: bool, on_event) -> None:
    """The child is gone: charge what it left undone, keep its log, remove its files."""
    if child.pid and not _taken(child):  # what is left of its group (the server kills it too, before the reap)
        _kill_group(child.pid)
    _read_records(child, result, on_event)
    log = _output(child)
    if verbose and log.strip():  # the child's own words, cleaned and framed: never the grader's
        print(frame(log, lines=1000), flush=True)
    if not child.killed and (size(child.folder) > DISK_LIMIT or _output_size(child) > 2 * OUTPUT_LIMIT):  # too fast
        # for the look every 0.5 s
        child.killed = "disk"
    out = result.tests[child.exercise.id]
    for nodeid in child.tests:
        rec = child.results.get(nodeid)
        if rec is not None:
            out.append(TestCaseResult(nodeid, rec.outcome, rec.seconds, rec.status, rec.en, rec.zh))
    if child.killed or status != 0 or not child.finished:
        if child.killed == "memory":
            status, child.killed = OUT_OF_MEMORY, None
        outcome = {"timeout": "timeout", "disk": "failed"}.get(child.killed, "crashed")
        outcome = "failed" if status == OUT_OF_MEMORY and not child.killed else outcome
        en, zh = _death(status, child.killed, child.running, child.importing)
        out.append(TestCaseResult(child.running or "(process)", "failed" if outcome == "failed" else outcome, 0.0,
                                  outcome, en, zh))
    elif any(n not in child.results for n in child.tests) and not any(r.status == "timeout" for r in out):
        missing = next(n for n in child.tests if n not in child.results)
        out.append(TestCaseResult(missing, "crashed", 0.0, "crashed",
                                  f"the test process ended before running {missing.split('::')[-1]}",
                                  f"测试进程在运行 {missing.split('::')[-1]} 之前就结束了"))
    if child.picture is not None and out and len(out) == len(child.tests) and all(t.status == "passed" for t in out):
        _keep_picture(child.exercise.id, child.picture)  # drawn by tests that all passed, and only then
    if not out or any(t.status == "crashed" for t in out):  # no test explains it: what did the process say?
        result.logs[child.exercise.id] = log[-LOG_TAIL:]
    _close(child)


def _taken(child: _Child) -> bool:
    """Is the child's pid, as /proc says, another process's now: one whose parent is not its server? (The server
    reaped the child, and the pid was free: a kill of its group would reach that process's.) While a process of the
    child's group lives, Linux gives its id to no new process: a pid that no process holds is killed as a group."""
    return parent(child.pid) not in (None, child.proc.pid)  # pid 1's parent is 0: taken


def _out_of_time(todo: list[Exercise], running: dict[int, _Child], result: Run, limit: float) -> None:
    for child in running.values():
        if not child.killed:
            _kill(child, "timeout")
    for ex in todo:
        result.tests[ex.id].append(TestCaseResult(
            "(not run)", "timeout", 0.0, "timeout",
            f"{NOT_RUN} of {limit:.0f} s",
            f"未运行：整个批改超过了 {limit:.0f} 秒的上限"))  # fmt: skip


STARVED = 0.5  # a child that had less than this share of a CPU over its life, and waited for one half as long


def _check_starved(child: _Child) -> None:
    """Its test timed out: was it starved rather than slow? Read once, at the timeout, over the child's whole life
    (a look at every test's start cost the loop milliseconds): less than half a CPU, and waiting for one more than
    a quarter of its life (a sibling's hundreds of busy processes, another program). Its exercise is graded again,
    alone, at the end. A loop that spins had its CPU, a sleep never waited for one: neither is graded again."""
    wall = time.monotonic() - child.started_at
    cpu, wait = cpu_and_wait(child.pid)
    if child.started_at and sys.platform.startswith("linux") and cpu < STARVED * wall and wait > STARVED / 2 * wall:
        child.starved = f"{cpu:.1f} s of CPU in {wall:.0f} s, {wait:.0f} s waiting for one"


def _output_size(child: _Child) -> int:
    """Bytes of disk the child's output file takes: its blocks as well as its size (RLIMIT_FSIZE caps the size,
    and fallocate with KEEP_SIZE passes it: 1 GiB of the host's /tmp in one call). Killed past twice the limit:
    a file system's own preallocation (XFS's) may show blocks past the size of a file that stayed in it."""
    if child.outlet is None or child.outlet.log < 0:
        return 0
    try:
        st = os.fstat(child.outlet.log)
    except OSError:
        return 0
    return max(st.st_size, getattr(st, "st_blocks", 0) * 512)


def _signal(proc: subprocess.Popen, sig: int | None) -> None:
    """sig to the server (None: kill it with its process group)."""
    if sig is None:
        _kill_group(proc.pid)
    else:
        try:
            os.kill(proc.pid, sig)
        except OSError:
            pass


def _kill_group(pid: int) -> None:
    """Kill a child with every process of its group (where there are none, as on Windows: the process)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGTERM)  # TerminateProcess
    except OSError:
        pass


def _rmtree(path: Path) -> None:
    def unlock(func, p, _):  # learner code may have made a folder read-only
        try:
            os.chmod(p, 0o700)
            os.chmod(os.path.dirname(p), 0o700)
            func(p)
        except OSError:
            pass

    shutil.rmtree(path, onerror=unlock)


def _death(returncode: int | None, killed: str | None, nodeid: str | None, importing: bool) -> tuple[str, str]:
    during = f" during {nodeid.split('::')[-1]}" if nodeid else ""
    if importing:
        during += " while your file was imported"
    if killed == "timeout":
        return (
            f"stopped after hanging{during}: an endless loop that even the timeout could not interrupt?",
            f"运行{during}卡住，被强制停止：是否有无法中断的死循环？",
        )
    if killed == "disk":
        return (
            f"your code wrote more than {DISK_LIMIT >> 20} MiB of files{during}: write less, or delete what you no "
            "longer need",
            f"你的代码写入的文件超过 {DISK_LIMIT >> 20} MiB{during}：请少写一些，或删掉不再需要的文件",
        )
    if returncode == OUT_OF_MEMORY:
        mib = memory_limit() >> 20
        return (
            f"your code used more than {mib} MiB of memory{during} and was stopped: a tensor far larger than meant? "
            "(an (n, 1) - (n,) broadcast makes n x n)",
            f"你的代码使用的内存超过 {mib} MiB{during}，已被停止：是否意外生成了过大的张量？"
            "（(n, 1) - (n,) 的广播会得到 n x n）",
        )
    if returncode is not None and returncode < 0:
        try:
            sig = signal.Signals(-returncode).name
        except ValueError:
            sig = str(-returncode)
        return (
            f"the test process crashed ({sig}){during}",
            f"测试进程崩溃了（{sig}）{during}",
        )
    return (
        f"the test process exited (code {returncode}){during}: does your code call os._exit()?",
        f"测试进程退出了（返回码 {returncode}）{during}：你的代码是否调用了 os._exit()？",
    )
