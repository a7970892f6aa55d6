"""The test server: a pytest session that has collected the graded tests and forks a child per exercise.

katas/runner.py starts `python -m pytest FILES -p katas.plugin --katas-serve` and talks to it over
its stdin and stdout, one JSON object a line. Once collection is done the server says what it
found (trusted: no learner code has run yet), then serves jobs: for each, a fork that runs one
exercise's tests and exits. The child lives in a session of its own, writes its output, files and
records in its own folder, and can reach neither the server's channel nor another child's tests.

The server never imports learner code and never computes with torch, so a fork starts clean (no
OpenMP pool, no CUDA context to inherit). It is the subreaper of everything below it: whatever a
child leaves running is adopted by the server once the child is gone, and killed.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import sys
from pathlib import Path

OUTPUT_LIMIT = int(os.environ.get("KATAS_OUTPUT_LIMIT") or 64 * 2**20)  # bytes a child may write to one file
PROCESSES_ABOVE_NOW = 256  # processes a child may add to this user's count (a fork bomb stops there)
# Imported by the server when the runner asks (a long run): lazy imports that otherwise every child
# pays again (torch.optim's first optimizer imports torch._dynamo: 2 s; matplotlib 1 s).
WARM_UP = ("torch._dynamo", "matplotlib.pyplot", "torch.testing", "torch.func")


def serve(session) -> None:
    """Report the collection, then fork a child for each job until stdin closes or says stop."""
    from katas import devices
    from katas.catalog import exercise_of

    _become_subreaper()
    items = session.items
    by_exercise: dict[str, list] = {}
    for item in items:
        by_exercise.setdefault(exercise_of(item), []).append(item)
    _say(event="collected", devices=list(devices.available()), tests=[
        {"nodeid": it.nodeid, "exercise": exercise_of(it), "timeout": _timeout(it),
         "data": _needs_data(it)}
        for it in items
    ])  # fmt: skip
    jobs: dict[int, int] = {}  # pid -> job number
    _freeze()
    signal.signal(signal.SIGTERM, _stop)  # even mid-import: the finally below still kills the children
    channel = _Jobs()
    process_cap = _user_processes() + PROCESSES_ABOVE_NOW
    if not hasattr(os, "fork"):  # one job, run here; the runner starts a server per job
        job = channel.next(timeout=None)
        if job.get("event") != "stop":
            _say(event="started", job=job["job"], pid=os.getpid())
            _child(session, job, by_exercise, process_cap, fork=False)
        return
    try:
        while True:
            _reap(jobs)
            job = channel.next(timeout=0.05)
            if job is None:
                continue
            if job.get("event") == "stop":
                return
            for key in {k for it in by_exercise.get(job.get("exercise"), []) for k in _needs_data(it)}:
                _load_data(key)
            pid = os.fork()
            if pid == 0:
                _child(session, job, by_exercise, process_cap, fork=True)  # never returns
            jobs[pid] = job["job"]
            _say(event="started", job=job["job"], pid=pid)
            if job.get("warm"):  # while this child runs: every later fork starts with these imported
                for module in WARM_UP:
                    _warm(module)
                _freeze()
    finally:
        for pid in list(jobs):
            _kill_group(pid)
        _kill_orphans(set())
        _reap(jobs)


def _freeze() -> None:
    """Everything loaded so far is never garbage: a child's collections skip it, so its pages stay shared."""
    gc.collect()
    gc.freeze()


def _stop(signum, frame):
    raise SystemExit(0)


class _Jobs:
    """Job lines from the runner on stdin, read from the file descriptor itself (a buffered readline could
    keep a second line in its buffer while select() says there is nothing left to read). A child's exit
    (SIGCHLD) wakes the wait too, so the runner hears of it at once."""

    def __init__(self):
        self.buffer = b""
        self.closed = False
        self.wake = None
        if hasattr(signal, "SIGCHLD"):
            self.wake, w = os.pipe()
            os.set_blocking(w, False)
            signal.set_wakeup_fd(w)
            signal.signal(signal.SIGCHLD, lambda signum, frame: None)

    def next(self, timeout: float | None) -> dict | None:
        """The next job; None when none came in time; {"event": "stop"} when told so or the channel closed."""
        while b"\n" not in self.buffer:
            if self.closed:
                return {"event": "stop"}
            if timeout is not None:
                ready = select.select([0] + ([self.wake] if self.wake else []), [], [], timeout)[0]
                if self.wake in ready:
                    os.read(self.wake, 4096)
                if 0 not in ready:
                    return None
            chunk = os.read(0, 65536)
            self.closed = not chunk
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)


def channel_off() -> None:
    """In a child: the server's wake-up signal handling is the server's, not the child's."""
    if hasattr(signal, "SIGCHLD"):
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)


def _say(**message) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _needs_data(item) -> list[str]:
    """The keys of the data sets the test reads (katas/data.py's SETS)."""
    from katas import data

    return [ds.key for ds in data.needed(item.fixturenames)]


def _timeout(item) -> float:
    m = item.get_closest_marker("timeout")
    if m and m.args:
        return float(m.args[0])
    return float(item.config.getini("timeout") or 0) or 60.0


def _warm(module: str) -> None:
    try:
        __import__(module)
    except Exception:  # an optional nicety; a child imports what it needs itself
        pass


_data_loaded: set[str] = set()


def _load_data(key: str) -> None:
    """A data set (Fashion-MNIST as tensors, the Time Machine's lines), read here once and shared
    copy-on-write by every child."""
    if key in _data_loaded:
        return
    _data_loaded.add(key)
    import torch

    from katas import data

    torch.set_num_threads(1)  # the conversion runs inline: no OpenMP pool may exist in a process that forks
    try:
        data.preload(data.SETS[key])
    except FileNotFoundError:
        pass  # the tests that need it say so, each in its own words
    _freeze()


def _reap(jobs: dict[int, int]) -> None:
    """Collect every child that ended: report a job's exit, kill what it left running."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        if pid in jobs:
            _kill_group(pid)  # what it started in its own process group
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            _say(event="exited", job=jobs.pop(pid), status=code)
    _kill_orphans(set(jobs))


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_orphans(keep: set[int]) -> None:
    """Kill the processes the server adopted: left behind by a child that is gone (Linux only)."""
    for pid in _children() - keep:
        _kill_group(pid)
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _children() -> set[int]:
    found: set[int] = set()
    try:
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            found.update(int(p) for p in (task / "children").read_text().split())
    except OSError:
        pass
    return found


def _become_subreaper() -> None:
    """Orphans of our children are re-parented to us, not to init (Linux's PR_SET_CHILD_SUBREAPER)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _child(session, job: dict, by_exercise: dict[str, list], process_cap: int, fork: bool) -> None:
    """The child: isolate, run one exercise's tests (or a probe's import), exit without pytest's teardown."""
    folder = Path(job["dir"])
    code = 0
    try:
        if fork:
            os.setsid()  # its own session and process group: killed as a whole
            channel_off()
        _limits(process_cap)
        _own_files(folder)
        if job.get("seed") is not None:  # a long-lived server (watch mode) grades with a new seed each time
            session.config.option.seed = int(job["seed"])
        import torch

        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or 1))  # the server may have set 1
        from katas import plugin

        if "probe" in job:
            plugin.run_probe(session.config, job["probe"], folder / "records.jsonl")
        else:
            plugin.run_job(by_exercise.get(job["exercise"], []), folder / "records.jsonl")
    except BaseException:  # noqa: BLE001 - nothing of the child may reach the server's loop
        code = 3
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _limits(process_cap: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    for limit, value in ((resource.RLIMIT_FSIZE, OUTPUT_LIMIT), (resource.RLIMIT_CORE, 0)):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        if hard == resource.RLIM_INFINITY or process_cap < hard:
            resource.setrlimit(resource.RLIMIT_NPROC, (process_cap, process_cap))
    except (ValueError, OSError, AttributeError):
        pass


def _user_processes() -> int:
    uid, n = os.getuid(), 0
    try:
        for p in Path("/proc").iterdir():
            if p.name.isdigit():
                try:
                    n += p.stat().st_uid == uid
                except OSError:
                    pass
    except OSError:
        return 4096
    return n


def _own_files(folder: Path) -> None:
    """stdin empty, stdout and stderr to the child's log, cwd and TMPDIR in its own folder."""
    import tempfile

    for sub in ("cwd", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    null = os.open(os.devnull, os.O_RDONLY)
    log = os.open(folder / "log.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)  # the server's job channel: gone for this process
    os.dup2(log, 1)  # the server's report channel: gone too
    os.dup2(log, 2)
    os.close(null)
    os.close(log)
    os.chdir(folder / "cwd")
    os.environ["TMPDIR"] = str(folder / "tmp")
    tempfile.tempdir = None  # pytest's tmp_path and tempfile both land in the child's folder
