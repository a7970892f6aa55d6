"""The test server: a pytest session that has collected the graded tests and forks a child per exercise.

katas/testserver.py starts pytest with `-p katas.plugin --katas-serve` and talks to it over its stdin and
stdout, one JSON object a line; each child's records and output go to the runner through descriptors
the server hands over on a socket (katas/channel.py). Once collection is done the server says what it
found (trusted: no learner code has run yet), then serves jobs: for each, a fork that walls itself in
(katas/sandbox.py: its own uid, PID and mount namespaces, read-only files, a private tmpfs, limits),
runs one exercise's tests and exits. The child keeps no descriptor of the server's.

The server never imports learner code and never computes with torch, so a fork starts clean (no
OpenMP pool, no CUDA context to inherit). It is the subreaper of everything below it: whatever a
child leaves running outside a PID namespace is adopted by the server once the child is gone, and killed.
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import os
import select
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

from katas import cgroups, channel, instructor, sandbox

# Imported by the server when the runner asks (a long run): lazy imports that otherwise every child
# pays again (torch.optim's first optimizer imports torch._dynamo: 2 s; matplotlib 1 s).
WARM_UP = ("torch._dynamo", "matplotlib.pyplot", "torch.testing", "torch.func")


def serve(session, run: Callable) -> None:
    """Report the collection, then fork a child for each job until stdin closes or says stop.

    run(items_or_probe, records_fd, walls) runs a job's tests in the child (katas/plugin.py's)."""
    from katas import devices, forbid
    from katas.catalog import exercise_of

    forbid.learn_grader_code()  # before any child: the grader's code as it is, read while its files are in view
    _become_subreaper()
    _room_in_flight()
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
    job_lines = _Jobs()
    fd = os.environ.get("KATAS_CHANNEL_FD")
    outlet = socket.socket(fileno=int(fd)) if fd and channel.PASSES_FDS else None
    private = Path(os.environ.get("KATAS_PRIVATE") or ".")
    processes = sandbox.user_processes(os.getuid()) if hasattr(os, "getuid") else 0
    server = _Server(session, by_exercise, run, _needed(session), processes, job_lines, outlet)
    if not hasattr(os, "fork"):  # one job, run here; the runner starts a server per job
        job = job_lines.next(timeout=None)
        if job.get("event") != "stop":
            _say(event="started", job=job["job"], pid=os.getpid())
            server.child(job, None, None, number=0)
        return
    namespaces = sandbox.PidNamespaces()
    long_run = False  # warmed up: many jobs to come
    spare: _Spare | None = None  # a long run's next child, walled in ahead of its job
    try:
        while True:
            reaped = _reap(jobs, keep=spare.pid if spare is not None else None)
            if spare is not None and spare.pid in reaped:  # it died waiting
                spare.close()
                spare = None
            job = job_lines.next(timeout=0.05)
            if job is None:
                if long_run and outlet and spare is None:
                    forbid.before_children()
                    spare = _Spare(server, namespaces, private)
                continue
            if job.get("event") == "stop":
                return
            if job.get("event") == "warm":  # a server that grades again and again (watch mode), idle now
                long_run = long_run or _warm_up()
                continue
            keys = {k for it in by_exercise.get(job.get("exercise"), []) for k in _needs_data(it)}
            for key in keys:
                _load_data(key, huge=long_run)
            # a spare forked without the data this job reads is of no use to it
            if spare is not None and keys <= spare.data and spare.start(job):
                pid, r, out, spare = spare.pid, spare.r, spare.out, None
            else:
                if spare is not None:
                    spare.close(kill=True)
                    spare = None
                r, w, out = channel.open_job(private) if outlet else (None, None, None)
                forbid.before_children()
                pid = _fork(namespaces, functools.partial(server.child, job, w, out), close_in_child=(r,))
                if outlet:
                    os.close(w)
            refused = None
            if outlet:
                refused = channel.hand_over(outlet, job["job"], [r, out])
            jobs[pid] = job["job"]
            if refused:  # its records could not reach the runner: no verdict can come of it; it is told why
                _kill_group(pid)
            _say(event="started", job=job["job"], pid=pid, **({"refused": refused} if refused else {}))
            if job.get("warm"):  # while this child runs
                long_run = long_run or _warm_up()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the runner's "stop, then SIGTERM" must not cut this short
        if spare is not None:
            spare.close(kill=True)
        for pid in list(jobs):
            _kill_group(pid)
        for _ in range(100):  # until every child is reaped, what it left (adopted once it is gone: a keeper that
            _kill_orphans(set())  # takes a while to exit, red team 11) killed, and its cgroup gone
            _reap(jobs)
            if not (jobs or _groups or _children()):
                break
            time.sleep(0.02)


def _needed(session) -> list[str]:
    from katas import data
    from katas.target import resolve

    return data.read_by_children(resolve(session.config.getoption("--target")))


def _freeze() -> None:
    """Everything loaded so far is never garbage: a child's collections skip it, so its pages stay shared. The young
    generations are collected first; a full collection, with torch loaded, costs 85 ms, a twentieth of grading one
    exercise, to free a little of what the imports left."""
    gc.collect(1)
    gc.freeze()


def _warm_up() -> bool:
    """For the many jobs of a long run: every later fork starts with WARM_UP imported, in huge pages."""
    for module in WARM_UP:
        _warm(module)
    _freeze()
    _huge_pages()
    return True


def _huge_pages() -> None:
    """In a long run, the server's own memory (torch, the tests, the data) in 2 MiB pages where Linux can make
    them (MADV_COLLAPSE, Linux 6.1): a fork copies one entry for 512 pages, and a child's exit drops one. With
    torch imported, fork and exit cost 40-80 ms a child in 4 KiB pages, 2-30 ms in 2 MiB ones; collapsing costs
    about 0.3 s a run, once, while the first child runs. A child's write still copies a 4 KiB page only."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    huge = 2 << 20
    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return
    for line in maps:
        fields = line.split()
        if not fields[1].startswith("rw") or fields[1][3] != "p" or (len(fields) > 5 and fields[5] != "[heap]"):
            continue  # only private memory of the process's own: the heap and anonymous mappings
        low, high = (int(x, 16) for x in fields[0].split("-"))
        low, high = (low + huge - 1) // huge * huge, high // huge * huge
        if high > low and libc.madvise(low, high - low, 25) != 0 and ctypes.get_errno() == 22:  # MADV_COLLAPSE
            return  # EINVAL: a kernel without it (the other errors: this region only, e.g. not enough memory)


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
            self.wake, self.wake_w = os.pipe()
            os.set_blocking(self.wake_w, False)
            signal.set_wakeup_fd(self.wake_w)
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


def _load_data(key: str, huge: bool) -> None:
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
    except OSError:  # missing, changed or unreadable: the tests that need it say so, each in its own words (a server
        pass  # that died of it cost every exercise its result: red team 34)
    _freeze()
    if huge:  # a long run's (a single exercise would pay and not gain)
        _huge_pages()


def _reap(jobs: dict[int, int], keep: int | None = None) -> set[int]:
    """Collect every child that ended: report a job's exit, kill what it left running (but keep, the spare's pid).
    Returns the pids reaped."""
    gone = set()
    while True:
        ended = _ended()
        if ended in _numbers:  # what it started in its own process group, while its zombie still holds the pid
            _kill_group(ended)
        try:
            pid, status = os.waitpid(ended or -1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        if pid in _numbers:
            if not ended:  # no waitid here: the group after the reap, as the only way left
                _kill_group(pid)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            group = cgroups.cgroup(os.getpid(), _numbers.pop(pid))
            if group is not None and group.exists():
                _groups.append(group)
                if code == -signal.SIGKILL and cgroups.out_of_memory(group):  # no keeper to say so
                    code = sandbox.OUT_OF_MEMORY
            if pid in jobs:
                _say(event="exited", job=jobs.pop(pid), status=code)
        gone.add(pid)
    _kill_orphans({*jobs, keep})
    _groups[:] = [g for g in _groups if not cgroups.remove_cgroup(g)]  # empty once its last process is gone
    return gone


def _ended() -> int:
    """A child that ended, still unreaped (0: none known): its pid and its group's stay its own until waitpid, so
    a kill of the group cannot reach a process that took the pid over (red team 5). 0 where waitid is missing."""
    if not hasattr(os, "waitid"):
        return 0
    try:
        info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return 0
    return info.si_pid if info is not None else 0


_groups: list[Path] = []  # the cgroups of jobs that ended, until they can be removed
_numbers: dict[int, int] = {}  # each child's pid -> the number that names its cgroup (katas-<server>-<number>)


_forks = itertools.count(1)


def _fork(namespaces: sandbox.PidNamespaces, child: Callable[[int], None], close_in_child: tuple = ()) -> int:
    """Fork a child that runs child(number) (which never returns); its pid. Under root it is the first process of a
    PID namespace of its own. Each child's cgroup is named by a number of its own: a spare's job is not known yet."""
    number = next(_forks)
    fresh = namespaces.before_fork()
    pid = os.fork()
    if pid == 0:
        for fd in close_in_child:
            if fd is not None:
                os.close(fd)
        child(number)
    if fresh:
        namespaces.after_fork()
    _numbers[pid] = number
    return pid


class _Spare:
    """A long run's (watch mode's) next child, forked and walled in ahead of its job (sandbox.prepare): the fork
    (10-19 ms with torch loaded), its cgroup's migration (13.5 ms median, up to 44 ms, on cgroup v1) and its
    namespaces are off the path from a save to its verdict, and from one job's end to the next one's start in a whole
    grade. It runs no code but ours until its job, which it reads from a pipe of its own: the server writes the job
    line and closes it. While it waits it is walled in as a child that has just been forked is (its own session,
    cgroup and namespaces: no sibling can name it), for longer."""

    def __init__(self, server: _Server, namespaces: sandbox.PidNamespaces, private: Path):
        self.data = frozenset(_data_loaded)  # the data sets in its memory
        self.r, w, self.out = channel.open_job(private)
        job_r, self.job_w = os.pipe()
        self.pid = _fork(namespaces, functools.partial(server.spare, job_r, w, self.out),
                         close_in_child=(self.r, self.job_w))
        os.close(job_r)
        os.close(w)

    def start(self, job: dict) -> bool:
        """Hand it its job; False where it is gone (the job then gets a child of its own)."""
        line = json.dumps(job).encode()
        try:
            while line:
                line = line[os.write(self.job_w, line):]
        except OSError:  # (BrokenPipeError: it died)
            return False
        finally:
            os.close(self.job_w)
            self.job_w = None
        return True

    def close(self, kill: bool = False) -> None:
        """Its descriptors closed (EOF ends a spare still waiting); killed too when kill."""
        if kill:  # (its group: once it is walled in, a session of its own; the pid, until then)
            _kill_group(self.pid)
            os.kill(self.pid, signal.SIGKILL)  # (unreaped, so still its own)
        for fd in (self.job_w, self.r, self.out):
            if fd is not None:
                os.close(fd)
        self.job_w = self.r = self.out = None


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


def _room_in_flight() -> None:
    """The soft limit on open files raised to the hard one: Linux lets a user's processes hold in flight through Unix
    sockets as many descriptors as the sender's limit, counted for the user, so a child of the same uid (an ordinary
    user's) that filled 1,024 stopped the server handing children's outputs over (red team 19 crashed 3 correct
    exercises so); a child keeps 1,024 (katas/sandbox.py)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 1 << 20, hard))
    except (ImportError, ValueError, OSError):
        pass


def _become_subreaper() -> None:
    """Orphans of our children are re-parented to us, not to init (Linux's PR_SET_CHILD_SUBREAPER)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class _Server:
    """What every child of the server starts from."""

    def __init__(self, session, by_exercise, run, needed, processes, job_lines, outlet):
        self.session, self.by_exercise, self.run, self.needed = session, by_exercise, run, needed
        self.processes, self.job_lines, self.outlet = processes, job_lines, outlet
        self.pid = os.getpid()

    def child(self, job: dict, records: int | None, out: int | None, number: int) -> None:
        """The child: wall in, run one exercise's tests (or a probe's import), exit without pytest's teardown.
        number: its cgroup's and uid's (0: no fork, one server per job, where nothing is walled in)."""
        def run():
            nonlocal records, out
            if number:
                self._close_servers()
            if records is None:  # no descriptors passed (Windows): files of the child's own folder
                folder = Path(job["dir"])
                records = os.open(folder / "records.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                out = os.open(folder / "log.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            _own_descriptors(records, out)
            self._run(job, records, number)

        _exit_after(run)

    def spare(self, job_r: int, records: int, out: int, number: int) -> None:
        """A spare child (_Spare): the walls that need no job, then its job from job_r, then as child()."""
        def run():
            self._close_servers()
            _own_descriptors(records, out, job_r)
            prepared = sandbox.prepare((job_r, records, 1, 2), self.pid, number)
            line = b""
            while chunk := os.read(job_r, 65536):  # until the server closes it (EOF with nothing: the server is gone)
                line += chunk
            os.close(job_r)
            self._run(json.loads(line), records, number, prepared)

        _exit_after(run)

    def _run(self, job: dict, records: int, number: int, prepared=None) -> None:
        if number:  # (its number, not the job's, which a long run's every grading starts again at 1)
            walls = sandbox.enter(Path(job["dir"]), number, self.needed, (records, 1, 2), self.processes, self.pid,
                                  unseen=[p for p in job.get("unseen") or [] if isinstance(p, str)],
                                  views=[p for p in job.get("views") or [] if isinstance(p, str)], prepared=prepared)
        else:
            walls = sandbox.Walls(missing=["fork (one server per job)"])
        from katas import forbid

        forbid.tests_run_here()
        if job.get("seed") is not None:  # a long-lived server (watch mode) grades with a new seed each time
            self.session.config.option.seed = int(job["seed"])
        import torch

        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or 1))  # the server may have set 1
        what = {"probe": job["probe"]} if "probe" in job else self.by_exercise.get(job["exercise"], [])
        self.run(self.session, what, records, walls)

    def _close_servers(self) -> None:
        """None of the server's descriptors stays in the child: its job lines, its socket, its wake-up pipe."""
        if hasattr(signal, "SIGCHLD"):
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        if self.job_lines.wake is not None:
            os.close(self.job_lines.wake)
            os.close(self.job_lines.wake_w)
        if self.outlet is not None:
            self.outlet.close()


def _exit_after(run: Callable[[], None]) -> None:
    """A child's end: run, then exit without pytest's teardown (3 where anything was raised)."""
    code = 0
    try:
        run()
    except BaseException:  # noqa: BLE001 - nothing of the child may reach the server's loop
        code = 3
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _own_descriptors(records: int, out: int, *more: int) -> None:
    """Its output to out; of every other descriptor it inherited, only records and more left open."""
    _own_output(out)
    _no_other_descriptors(keep=(records, *more, *instructor.kept_descriptors()))


def _no_other_descriptors(keep: tuple[int, ...]) -> None:
    """Every descriptor the child inherited (the server's log, faulthandler's copy of it, ...) is now /dev/null:
    nothing of the server's stays open, and whoever holds one still holds a valid one."""
    for listing in ("/proc/self/fd", "/dev/fd"):
        try:
            fds = [int(fd) for fd in os.listdir(listing)]
            break
        except OSError:
            fds = []
    null = os.open(os.devnull, os.O_RDWR)
    for fd in fds:
        if fd > 2 and fd not in (*keep, null):
            try:
                os.dup2(null, fd)
            except OSError:  # the listing's own descriptor, closed already
                pass
    os.close(null)


def _own_output(out: int) -> None:
    """stdin empty, stdout and stderr to the child's output file (the server's channels: gone)."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(null)
    os.close(out)
