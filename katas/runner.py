"""Run the graded tests of some exercises, each in a process of its own that learner code may hang,
kill, flood or fill with files.

A test server (katas/server.py: pytest that has collected the tests, started by katas/testserver.py) forks
one child per exercise, walled in by katas/sandbox.py. The parent, here, decides everything that matters
from what it knows itself: which tests each child runs (the server's collection, made before any learner
code ran), each child's deadline (the tests' own timeouts), how many run at once and in which order, and
the bound of the whole run (katas/schedule.py; katas/watchdog.py holds it even when this loop is held up).
A child's records come through a pipe only it holds (katas/channel.py) and are read as untrusted input
(katas/records.py). A child that overstays, writes too much or dies is killed with everything it started;
its exercise gets the verdict, and no other exercise is touched.
"""

from __future__ import annotations

import errno
import os
import queue
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from katas import channel, exitwait, measure, sandbox, schedule, stale
from katas.catalog import Exercise
from katas.cgroups import memory_limit
from katas.measure import Descriptors, born, cpu_and_wait, machine_files, open_files, parent, size
from katas.progress import plot_path, remove_state, write_state
from katas.records import WORKER_NOT_STARTED, Record, frame, parse
from katas.results import NOT_RUN, TestCaseResult
from katas.sandbox import DISK_LIMIT, OUT_OF_MEMORY, OUTPUT_LIMIT, wall_missing
from katas.schedule import FAIR_AFTER, GRACE, KILL_WAIT, PROBE_LIMIT, UNTRIED, bound, charge, cost, fairest, life, room
from katas.testserver import LOG_TAIL, START_LIMIT, Server, Test, kill_group, parallelism
from katas.watchdog import Watchdog

WARM_FROM = 5  # exercises in a run from which the server imports torch's lazy modules once for all children
DROPPED_KEPT = 50  # refused records whose reason is kept (the rest are counted)


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
    killed: str | None = None  # why the parent killed it: timeout, disk, memory, unmeasured, unheard, files, watches
    killed_at: float = 0.0
    eof_at: float = 0.0  # when its record pipe closed: its tests have ended
    unreported: bool = False  # gone by its pipe, its exit never reported: its first process may wait on others still
    next_disk_check: float = 0.0
    probe: str | None = None  # the file a probe imports
    started_at: float = 0.0  # when the server said it started it
    born: int | None = None  # its pid's start time, as /proc said then (see _taken)
    starved: str | None = None  # why it is graded again alone: starved of CPU (how far), descriptors refused in flight
    walled: bool = False  # its walls record came
    descriptors: Descriptors = field(default_factory=Descriptors)  # what its descriptors hold, learnt look by look

    @property
    def name(self) -> str:
        return self.exercise.id if self.exercise else f"(import {self.probe})"


def run(exercises: list[Exercise], server: Server, *, seed: int | None = None, verbose: bool = False,
        on_event: Callable[[dict], None] | None = None, unseen: dict[str, list[str]] | None = None,
        views: list[str] | None = None, serial: bool = False) -> Run:
    """Grade exercises with server: at most parallelism() children at once (one, serial), every exercise gets a
    result. unseen: exercise file -> the files its children are not shown (katas/progress.py's Dependencies.unseen);
    views: the graded folder's folders its children see through a tmpfs of their own (Dependencies.views)."""
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
    jobs = server.job_numbers
    spent: Counter[str] = Counter()  # file -> seconds its exercises' finished children have lived
    allowed: Counter[str] = Counter()  # file -> their tests' time (timeouts and grace)
    again: list[Exercise] = []  # timed out starved of CPU: graded once more at the end, alone
    first: dict[str, tuple] = {}  # their first tests and log, kept where no time is left to grade them again
    alone = False

    def kill_everything():
        for child in list(running.values()):
            if child.pid:
                kill_group(child.pid)
        server.kill()

    watchdog = Watchdog(limit + KILL_WAIT + 10, kill_everything)  # the loop's own limit comes first
    try:
        while todo or running or again:
            now = time.monotonic()
            if now - started_at > limit or watchdog.expired:
                _fit_reruns(again, budgets, 0.0, first, result)  # none: each keeps its first timeout
                _out_of_time(todo, running, result, limit)
                todo, again = [], []
            if again and not todo and not running:  # every other child has gone: nothing can starve these now
                todo, alone = _fit_reruns(again, budgets, schedule.RUN_LIMIT - (now - started_at), first, result), True
                again = []
                extra = min(limit + sum(life(budgets[ex.id]) for ex in todo), schedule.RUN_LIMIT) - limit
                limit += max(extra, 0.0)
                watchdog.extend(max(extra, 0.0))
            fair = now - started_at > FAIR_AFTER * limit  # a run this long has code in it that spends its time
            while todo and room(running, 1 if alone or serial else parallelism()):
                ready = [e for e in todo if probes.get(e.file) is True]
                ex = fairest(ready, running, spent, allowed, budgets) if fair else next(iter(ready), None)
                file = next((e.file for e in todo if e.file not in probes), None)
                if file is not None and (ex is None or fair and cost(ex.file, running, spent, allowed) > (UNTRIED, 0)):
                    # a file no probe has imported yet, before one that is slow or busy: try its import alone first
                    probes[file] = None
                    _start(server, next(jobs), running, None, {}, PROBE_LIMIT, seed, (unseen, views), probe=file,
                           warm=len(exercises) >= WARM_FROM)
                    continue
                if ex is None:
                    break
                todo.remove(ex)
                _start(server, next(jobs), running, ex, by_exercise[ex.id], budgets[ex.id], seed, (unseen, views),
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
                    _let_go(child)  # (one given up on runs on otherwise, unwatched: red team 140)
                    _close(child)
                else:
                    _finish(child, status, result, verbose, on_event)
                    ex = child.exercise
                    charge(spent, allowed, ex.file, time.monotonic() - child.began, child.budget, bool(child.killed))
                    if child.starved and not alone and ex.id not in result.rerun:
                        result.rerun[ex.id] = child.starved
                        first[ex.id] = result.tests[ex.id], result.logs.pop(ex.id, None)
                        result.tests[ex.id] = []
                        again.append(ex)
            for child in running.values():
                _read_records(child, result, on_event)
                _police(child)
            _police_files(running)
    finally:
        watchdog.stop()
        for child in running.values():
            if child.pid:
                kill_group(child.pid)
                _dying(child)
            _close(child)
    server.runs += 1
    if server.runs == 2:  # a server used again (watch mode): warmed up now, while the learner edits
        server.warm()
    return result


def _start(server: Server, job: int, running: dict[int, _Child], ex: Exercise | None, tests: dict[str, Test],
           budget: float, seed: int | None, hidden: tuple[dict[str, list[str]] | None, list[str] | None],
           probe: str | None = None,
           warm: bool = False) -> None:
    folder = server.tmp / f"job-{job}-{secrets.token_hex(8)}"
    folder.mkdir(mode=0o700)
    message = {"job": job, "dir": str(folder), "seed": seed, **({"probe": probe} if probe else {"exercise": ex.id}),
               "warm": job == 1 and warm, "unseen": (hidden[0] or {}).get(probe or ex.file, []),
               "views": hidden[1] or []}
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
    if child.starved:  # a sibling starved it of CPU, a hang it is not: each exercise's own job imports the file (and
        return None  # is graded again alone if that starves too); red team 59 found a starved probe cost its file
    outcome, status = _ending(child, status)
    en, zh = _death(status, child.killed, None, True)
    return TestCaseResult(f"(import {child.probe})", outcome, 0.0, outcome, en, zh)


def _ending(child: _Child, status: int) -> tuple[str, int]:
    """(the outcome of a child killed or ended badly, its exit status as told): the runner's own memory kill is told as
    the cap's, as the keeper tells a cgroup's (as an ordinary user, a file that took too much memory as it was
    imported read "crashed (SIGKILL)")."""
    if child.killed == "memory":
        status, child.killed = OUT_OF_MEMORY, None
    if status == OUT_OF_MEMORY and not child.killed:
        return "failed", status
    outcomes = {"timeout": "timeout", "disk": "failed", "unmeasured": "failed", "files": "failed", "watches": "failed"}
    return outcomes.get(child.killed, "crashed"), status


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
            child.born = born(child.pid)
            child.deadline = time.monotonic() + life(child.budget) - KILL_WAIT  # from the parent's numbers alone
            child.started_at = time.monotonic()
            if msg.get("refused"):  # the server could not hand its outlet over, and killed it
                child.starved = f"{UNHEARD} ({str(msg['refused'])[:200]})"
                _kill(child, "unheard")
            elif server.sock is not None:
                child.outlet = channel.receive(server.sock, msg["job"])
        elif event == "started":  # a job given up on: its outlet is closed (one the server could not hand over, it
            # never sent: the socket's next outlet is another job's, red team 143)
            if server.sock is not None and not msg.get("refused") and \
                    (late := channel.receive(server.sock, msg.get("job"))) is not None:
                late.close()
            if isinstance(msg.get("pid"), int):
                kill_group(msg["pid"])
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
            lost.append((-signal.SIGKILL, running.pop(job)))  # (killed: _finish waits for it at exit)
        elif child.eof_at and now > child.eof_at + KILL_WAIT:  # gone, and the server never said so
            child.unreported = True
            lost.append((0 if child.finished else -signal.SIGKILL, running.pop(job)))
    return lost


def _dying(child: _Child) -> None:
    """Wait for the child's processes when grade.py exits: a process with a big address space takes seconds to die
    (red team 81's helpers, 10 million page-table entries of a mapped library, outlived grade.py by 10 s as an
    ordinary user; its PID namespace's first process stays until they are gone)."""
    if not child.pid or child.born is None:
        return
    # one that ended by itself and was reported so: the processes its tests started, as the last look saw them (its
    # own two end at once, 0.1 s a grading not worth waiting for); one killed, or never reported: its first process
    # too, which its PID namespace's end holds until every process of it is gone, those no look saw included (red
    # team 123's siblings sharing an address space, cloned after the last look, outlived grade.py by 21 s)
    whole = child.killed or child.unreported
    pids = {child.pid, *child.descriptors.depths} if whole else {
        p for p, depth in child.descriptors.depths.items() if depth >= 2}
    starts = [(pid, born(pid)) for pid in pids]
    seen = [(pid, start) for pid, start in starts if start is not None and start >= child.born]  # (not a pid given
    if seen or whole:  # again to an older process's; a killed one's cgroup may hold processes no look saw)
        exitwait.wait_at_exit(seen)


# lines that are no record parsed from one child in one look: the rest of its look is counted, not parsed (red team 134
# sent 256 KiB of empty lines a look, 1.7 s of the loop that polices every child; a child's own records among them are
# its loss alone)
REFUSED_A_LOOK = 64


def _read_records(child: _Child, result: Run, on_event) -> None:
    if child.outlet is None and child.by_path:
        child.outlet = channel.Outlet.in_folder(child.folder)
    if child.outlet is None:
        return
    refused = child.outlet.refused
    lines = child.outlet.lines()
    for _ in range(child.outlet.refused - refused):
        result.refuse(f"{child.name}: a line longer than {channel.READ_LIMIT} bytes")
    bad = 0
    for at, line in enumerate(lines):
        if bad == REFUSED_A_LOOK:  # a flood of lines no record is: the rest of the look counted, not parsed
            result.refused += len(lines) - at
            break
        rec, why = parse(line.decode("utf-8", errors="replace"), set(child.tests))
        if why:
            bad += 1
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
        kill_group(child.pid)


def _police(child: _Child) -> None:
    """Kill a child past its deadline, one whose folder grew past DISK_LIMIT (where it has no tmpfs of its own), or
    one past its memory cap by the runner's count (where a cgroup caps it, the count of its sockets only)."""
    if child.killed or child.pid is None:
        return
    now = time.monotonic()
    if now > min(child.deadline, child.test_deadline):
        if child.running or child.probe:
            _check_starved(child)
        _kill(child, "timeout")
    elif now >= child.next_disk_check:
        child.next_disk_check = now + 0.5
        if size(child.folder) > DISK_LIMIT or _output_size(child) > 2 * OUTPUT_LIMIT:
            _kill(child, "disk")
        elif why := measure.overstepped(child.pid, child.descriptors):  # the parent's look, not its word
            _kill(child, why)


_files_looked = [0.0]  # when the machine's open files were last read


def _police_files(running: dict[int, _Child]) -> None:
    """Twice a second, the machine's open files: past a quarter of its file-max, a child that holds more than
    FILES_LIMIT of them (descriptors, and files it maps) is stopped. At file-max, no ordinary user's program opens a
    file, the test server's among them (red team 69: each open, mapped and closed file stays open in its map)."""
    now = time.monotonic()
    if now < _files_looked[0] + 0.5:
        return
    _files_looked[0] = now
    files = machine_files()
    if files is None or files[0] * 4 < files[1]:
        return
    for child in running.values():
        if child.pid and not child.killed and open_files(child.pid) > measure.FILES_LIMIT:
            _kill(child, "files")


def _output(child: _Child) -> str:
    return child.outlet.output() if child.outlet is not None else ""


def _close(child: _Child) -> None:
    if child.outlet is not None:
        child.outlet.close()
    stale.remove_tree(child.folder)


def _let_go(child: _Child) -> None:
    """What is left of a child the runner is done with killed (its group; the server kills it too, before the reap),
    and waited for at exit: its processes may take seconds to die (its PID namespace's first one with them), killed
    or not (red team 115's 200 processes of 64,000 map areas each outlived grade.py by 16 s after a child that ended
    itself)."""
    if child.pid and not _taken(child):
        kill_group(child.pid)
    _dying(child)


def _finish(child: _Child, status: int, result: Run, verbose: bool, on_event) -> None:
    """The child is gone: charge what it left undone, keep its log, remove its files."""
    _let_go(child)
    _read_records(child, result, on_event)
    log = _output(child)
    if verbose and log.strip():  # the child's own words, cleaned and framed: never the grader's
        print(frame(log, lines=1000), flush=True)
    _check_in_flight(child, log)
    if not child.killed and (size(child.folder) > DISK_LIMIT or _output_size(child) > 2 * OUTPUT_LIMIT):  # too fast
        # for the look every 0.5 s
        child.killed = "disk"
    out = result.tests[child.exercise.id]
    for nodeid in child.tests:
        rec = child.results.get(nodeid)
        if rec is not None:
            out.append(TestCaseResult(nodeid, rec.outcome, rec.seconds, rec.status, rec.en, rec.zh))
    if child.killed or status != 0 or not child.finished:
        outcome, status = _ending(child, status)
        en, zh = _death(status, child.killed, child.running, child.importing)
        out.append(TestCaseResult(child.running or "(process)", outcome, 0.0, outcome, en, zh))
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
    return parent(child.pid) not in (None, child.proc.pid) or (  # pid 1's parent is 0: taken
        child.born is not None and born(child.pid) not in (None, child.born))  # the server's next child, say: its start
    # time is another (red team 51: pid_max is 32,768 here, and a child's processes may spend pids fast)


def _fit_reruns(again: list[Exercise], budgets: dict[str, float], room: float, first: dict, result: Run):
    """The starved exercises that fit, one after another, in the room the run's limit leaves (KATAS_RUN_LIMIT holds
    whatever starved: red team 45 had every exercise graded twice); the others keep their first timeout."""
    fits, used = [], KILL_WAIT
    for ex in again:
        if used + life(budgets[ex.id]) <= room:
            fits.append(ex)
            used += life(budgets[ex.id])
        else:
            result.tests[ex.id], log = first[ex.id]
            if log is not None:
                result.logs[ex.id] = log
            result.rerun.pop(ex.id, None)
    return fits


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
        child.starved = f"timed out starved of CPU ({cpu:.1f} s of CPU in {wall:.0f} s, {wait:.0f} s waiting for one)"


# Linux counts the descriptors a user's processes hold in flight through Unix sockets for the user as a whole, and
# refuses a send past the sender's limit of open files (ETOOMANYREFS): as an ordinary user, every child is the same
# user, and a child that kept 1,250 in flight made a sibling's DataLoader workers fail to hand their batches over
# (red team 56); such a failure is graded again alone
_IN_FLIGHT_REFUSED = f"[Errno {errno.ETOOMANYREFS}]"
# ... and the server's hand-over of a child's outlet can be refused so (many senders at once race the count past the
# server's own limit: red team 65): that child is killed at once and graded again alone
UNHEARD = "its output could not be handed to the grader"


def _check_in_flight(child: _Child, log: str) -> None:
    """Its tests failed with a send of descriptors refused (ETOOMANYREFS in its log, or in the failure of an
    instructor-mode test's start of its worker, whose words are the driver's: an OSError of learner code's own is
    not read, red team I35): graded again alone. As root each job's uid has a count of its own, which no sibling
    fills: the log, a child's own words, is not read there (red team 96 printed the errno and was graded twice)."""
    out = child.results.values()
    said = ("" if sandbox.jobs_have_uids() else log) + "".join(r.en for r in out if r.status != "passed"
                                                         and r.en.startswith(WORKER_NOT_STARTED))
    if _IN_FLIGHT_REFUSED in said and not (out and all(r.status == "passed" for r in out)):
        child.starved = ("failed with descriptors refused in flight (Too many references: the user's count, which "
                         "another exercise's processes may fill)")


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
    if killed == "files":
        return (
            f"your code held more than {measure.FILES_LIMIT:,} open files{during}, while the machine ran short of them "
            "(a file it maps stays open after you close it): open, map and keep fewer files",
            f"你的代码持有超过 {measure.FILES_LIMIT:,} 个打开的文件{during}，而整台机器的文件句柄已经紧张"
            "（映射过的文件在关闭后仍然保持打开）：请少打开、少映射、少保留文件",
        )
    if killed == "watches":
        return (
            f"your code held more than {measure.EPOLL_WATCH_LIMIT:,} epoll watches{during}: Linux counts them for "
            "your user as a whole, and your other programs would have none left; watch fewer files (one epoll, or "
            "selectors.DefaultSelector, for the few you wait on)",
            f"你的代码持有超过 {measure.EPOLL_WATCH_LIMIT:,} 个 epoll 监视{during}：Linux 按整个用户计数，"
            "你的其他程序会一个也用不上；请少监视一些文件（只为需要等待的少数文件用一个 epoll 或 "
            "selectors.DefaultSelector）",
        )
    if killed == "unheard":
        return (
            f"not graded: {UNHEARD} (Linux refused to pass descriptors: \"Too many references\"): processes of your "
            "user held thousands of descriptors in flight through Unix sockets, another exercise's or another "
            "program's; end that program and grade this exercise again",
            "未能批改：批改程序无法接收它的输出（Linux 拒绝传递文件描述符：\"Too many references\"）："
            "你这个用户的进程（另一个练习的或另一个程序的）通过 Unix 套接字在传递中持有成千上万个描述符；"
            "请结束那个程序，然后重新批改这个练习",
        )
    if killed == "unmeasured":
        return (
            f"your code hid its memory from the grader{during}: it ran a program this user may run but not read "
            "(Linux hides such a process), mapped files under folders so deep that its memory map is too long to "
            "read, or ended a process's main thread while its other threads ran on; run Python, and programs you may "
            "read",
            f"你的代码让批改程序无法查看它的内存{during}：运行了当前用户可以运行但不能读取的程序"
            "（Linux 会隐藏这样的进程），映射了位于极深目录中的文件，使内存映射表长得无法读取，"
            "或者结束了进程的主线程而让其他线程继续运行；"
            "请只运行 Python 以及你能读取的程序",
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
