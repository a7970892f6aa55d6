"""The runner's handle on a test server (katas/server.py): pytest that has collected the tests and forks a child
per job. Its start (safe import paths, its own folder, a session of its own), the messages it sends, the jobs it
is given, and its close, which a signal cannot cut short and which leaves no file of the run behind.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from katas import cgroups, channel, exitwait, instructor, stale
from katas.catalog import ROOT
from katas.progress import state_dir

LAUNCH = Path(__file__).resolve().parent / "launch.py"  # the server's start: safe import paths, then pytest


def launch_command(*args: str) -> list[str]:
    """python -P launch.py args: the test server's start (and --compare's training runs, katas/compare.py)."""
    return [sys.executable, *(["-P"] if sys.version_info >= (3, 11) else []), str(LAUNCH), *args]


START_LIMIT = 120.0  # seconds the server may take to import torch and collect
LOG_TAIL = 4000  # characters of a child's output kept to explain a failure


@dataclass
class Test:
    nodeid: str
    exercise: str
    timeout: float
    data: list[str]  # the data sets it reads (keys of katas/data.py's SETS)


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
        # the grader's state folder, which katas/sandbox.py hides from every child (what it remembers of each exercise)
        "KATAS_STATE": str(state_dir()),
    }


class Server:
    """A running test server over some test files; it forks a child per job (one job per server where
    the platform cannot fork)."""

    def __init__(self, files: list[str], target: Path, seed: int, exercises: list[str], *, verbose: bool = False):
        with _signals_held():  # a Ctrl-C or kill from here on finds the server in _OPEN: closed on the way out
            self._open(files, target, seed, exercises, verbose)

    def _open(self, files: list[str], target: Path, seed: int, exercises: list[str], verbose: bool) -> None:
        stale.sweep()  # the folders of gradings that were killed before they could remove them
        cgroups.sweep_stale_groups()  # and their cgroups
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
        # job numbers over the server's whole life: a late message about an earlier grading's job is about no job of a
        # later one (red team 140: a lost probe's exit, reported after its grading ended, ended the next one's job 1)
        self.job_numbers = itertools.count(1)
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
            kill_group(proc.pid)
            proc.wait()
        for proc in self.procs + self.zygotes:  # a server killed before it cleaned up: its children's cgroups
            cgroups.sweep(proc.pid)
        if self.zygotes and cgroups.stale_groups_in_use():  # workers' processes still dying: grade.py waits for them
            exitwait.wait_at_exit()  # as it exits (red team 129: as root they outlived it by seconds, their cgroups
            # until the next grading)
        stale.remove_tree(self.tmp)
        self.closed = True
        _OPEN.discard(self)

    def kill(self) -> None:
        """The watchdog's: every server with everything below it, now."""
        for proc in self.procs + self.zygotes:
            kill_group(proc.pid)


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


def _signal(proc: subprocess.Popen, sig: int | None) -> None:
    """sig to the server (None: kill it with its process group)."""
    if sig is None:
        kill_group(proc.pid)
    else:
        try:
            os.kill(proc.pid, sig)
        except OSError:
            pass


def kill_group(pid: int) -> None:
    """Kill a child with every process of its group (where there are none, as on Windows: the process)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGTERM)  # TerminateProcess
    except OSError:
        pass
