"""Red team 3's breaks of issue 20, each pinned where it lives: a record line that once took the parent minutes,
learner files the parser cannot take, a fingerprint that left out code run at import, a forged walls record,
disk taken without a byte written, and a test starved of CPU by a sibling told apart from one that hangs.
(The whole-workbook side of each: selftest/test_grader_golden.py's unparsable, fallocate_output, reach_outside.)"""

from __future__ import annotations

import ctypes
import os
import sys
import time
import types
from pathlib import Path

import pytest

from katas import catalog, exitwait, measure, progress, records, runner, sandbox, schedule, target
from katas.watchdog import Watchdog

LINUX = sys.platform.startswith("linux")


def test_a_records_depth_is_read_in_linear_time():
    """'"' + '\\"' * 40,000: a backtracking pattern took 43 s on it and held the GIL (the watchdog with it)."""
    for line, limit in (('"' + '\\"' * 20_000, 0.05), ('"' + '[\\"' * 330_000, 1.0), ("[]" * 500_000, 1.0)):
        began = time.perf_counter()
        rec, why = records.parse(line, set())
        assert time.perf_counter() - began < limit and rec is None and why, (len(line), why)
    assert records.parse('{"event": "finish", "x": "' + "[" * 1000 + '"}', set())[0] is not None  # in a string
    assert "nested" in records.parse("[" * 65 + "]" * 65, set())[1]


UNPARSABLE = {"recursion": "_x = 1" + "+1" * 200_000 + "\n", "memory": "x = " + "-" * 100_000 + "1\n",
              "nul": "x = 1\0\n"}


@pytest.mark.parametrize("kind", sorted(UNPARSABLE))
def test_a_file_the_parser_cannot_take_is_no_crash_of_the_parent(kind, tmp_path):
    path = tmp_path / "kata.py"
    path.write_text(UNPARSABLE[kind] + "def add(a, b):\n    raise NotImplementedError\n")
    assert progress.definitions(path.read_text()) is None
    assert not target.untouched(path, ("add",))
    with pytest.raises(target.TargetImportError, match="cannot compile|null bytes"):
        target.import_file(path, f"red3{kind}")


def test_a_target_import_error_the_file_raises_is_shown_as_its_own_exception(tmp_path):
    """Red team I19: a file that raised the grader's TargetImportError at import, in the grader's words ("the grader
    gave no result for this exercise"), had them shown bare."""
    path = tmp_path / "kata.py"
    path.write_text("from katas.target import TargetImportError\n"
                    "raise TargetImportError('the grader gave no result for this exercise')\n")
    with pytest.raises(target.TargetImportError) as e:
        target.import_file(path, "red3raised")
    assert str(e.value).startswith("TargetImportError: the grader gave no result") and "kata.py:2" in str(e.value)


def test_a_folder_or_fifo_instead_of_a_file_is_graded_as_that(tmp_path):
    ex = next(e for e in catalog.load().exercises if e.id == "add_one")
    (tmp_path / ex.file).mkdir()
    assert progress.fingerprints(tmp_path, None, [ex])[ex.id]
    assert not target.untouched(tmp_path / ex.file, ex.names)
    with pytest.raises(target.TargetImportError, match="not a file"):
        target.import_file(tmp_path / ex.file, "red3folder")
    (tmp_path / ex.file).rmdir()
    os.mkfifo(tmp_path / ex.file)  # read without waiting for a writer
    assert progress.fingerprints(tmp_path, None, [ex])[ex.id]


def test_the_fingerprint_changes_with_any_code_run_at_import(tmp_path):
    """A decorator on another exercise's definition once forged zero_all_'s result, and a restored file kept it."""
    exercises = [e for e in catalog.load().exercises if e.file == "ch3_2_argument_passing.py"]
    assert len(exercises) > 1
    source = (catalog.ROOT / "exercises" / exercises[0].file).read_text(encoding="utf-8")
    (tmp_path / exercises[0].file).write_text(source)
    before = progress.fingerprints(tmp_path, None, exercises)
    (tmp_path / exercises[0].file).write_text(source.replace("def add_one(", "@(lambda f: f)\ndef add_one(", 1))
    after = progress.fingerprints(tmp_path, None, exercises)
    assert all(before[e.id] != after[e.id] for e in exercises), (before, after)


def test_only_the_sandboxs_own_words_about_missing_walls_are_shown():
    forged = ["uid drop (ok) -- grader self-check: all 319/319 exercises verified PASSED", "uid drop (ok)",
              "PID namespace: fine", "score 5/5", "memory cap (" + os.strerror(1) + ") and more)"]
    assert [sandbox.wall_missing(w) for w in forged] == [None] * len(forged)
    real = ["PID namespace", f"memory cap ({os.strerror(1)})", "fork (one server per job)",
            "a read-only view of a folder only root enters", "service sockets hidden (Operation not permitted)"]
    assert [sandbox.wall_missing(w) for w in real] == real


@pytest.mark.skipif(not LINUX, reason="fallocate")
def test_disk_taken_by_fallocate_counts_in_the_output_file_and_the_folder(tmp_path):
    libc = ctypes.CDLL(None, use_errno=True)
    with open(tmp_path / "out", "wb") as f:
        if libc.fallocate(f.fileno(), 1, ctypes.c_long(0), ctypes.c_long(8 << 20)) != 0:  # KEEP_SIZE
            pytest.skip("no fallocate on this file system")
        assert os.fstat(f.fileno()).st_size == 0

        class Outlet:
            log = f.fileno()

        child = runner._Child(None, {}, tmp_path, None, outlet=Outlet())
        assert runner._output_size(child) >= 8 << 20
        assert measure.size(tmp_path) >= 8 << 20


def test_the_watchdog_can_be_given_a_later_bound():
    fired = []
    dog = Watchdog(0.2, lambda: fired.append(time.monotonic()))
    began = time.monotonic()
    dog.extend(0.3)
    time.sleep(0.8)
    assert dog.expired and fired and fired[0] - began >= 0.45
    dog.stop()


@pytest.mark.skipif(not LINUX or not hasattr(os, "sched_setaffinity"), reason="/proc's schedstat, CPU affinity")
def test_a_starved_test_is_told_from_a_sleep():
    """Red team 3, #1: 250 busy processes of a sibling made an honest 2 s test time out at 30 s. Here forks (as the
    server's children are) share one CPU with three busy ones for 1.5 s: a quarter of a CPU at most, the rest
    waited for one: starved; a sleep never waited for a CPU: not graded again. (A spin alone is starved or not
    by what else the machine runs: not asserted; one that had its CPU is never starved, by the first condition.)"""
    cpu = sorted(os.sched_getaffinity(0))[0]

    def fork(spin: bool, wakers: int = 0) -> int:
        pid = os.fork()
        if pid == 0:
            try:
                os.sched_setaffinity(0, {cpu})
                if wakers:
                    os.setpgid(0, 0)  # its wakers go with it
                for _ in range(wakers):  # red team 45: its own processes that wake together, each for a moment
                    if os.fork() == 0:
                        while True:
                            time.sleep(0.25 - time.monotonic() % 0.25)  # all at once
                            moment = time.monotonic() + 0.0003
                            while time.monotonic() < moment:
                                pass
                end = time.monotonic() + 1.8
                while spin and time.monotonic() < end:
                    pass
                time.sleep(0 if spin else 1.8)  # one long sleep: no wake to wait for a CPU on a busy machine
            finally:
                os._exit(0)
        return pid

    verdicts = {}
    for name, busy, spin, wakers in (("starved", 3, True, 0), ("sleep", 0, False, 0), ("one waker", 0, False, 1),
                                     ("own wakers", 0, False, 60)):
        pids = [fork(True) for _ in range(busy)]
        child = runner._Child(None, {}, Path("."), None, pid=fork(spin, wakers), started_at=time.monotonic())
        try:
            time.sleep(1.4)
            runner._check_starved(child)
            verdicts[name] = bool(child.starved)
        finally:
            for pid in [child.pid, *pids]:
                os.killpg(pid, 9) if wakers and pid == child.pid else os.kill(pid, 9)
                os.waitpid(pid, 0)
    if verdicts["own wakers"] and (verdicts["one waker"] or os.getloadavg()[0] > (os.cpu_count() or 1)):
        pytest.skip(f"the machine is too busy to tell a child's own waking processes from starving: {verdicts}")
    assert verdicts == {"starved": True, "sleep": False, "one waker": False, "own wakers": False}, verdicts


def test_exercises_graded_again_fit_in_the_runs_limit():
    """Red team 45 made every exercise look starved: graded again one after another, the run took 596 s against a
    bound of 515 s. Only the reruns that fit in what KATAS_RUN_LIMIT leaves run; the others keep their first
    timeout, and stderr does not say they were graded again."""
    book = catalog.load()
    a, b = book.exercises[:2]
    result = runner.Run()
    first = {a.id: (["a's timeout"], "a's log"), b.id: (["b's timeout"], "b's log")}
    result.rerun = {a.id: "starved", b.id: "starved"}
    budgets = {a.id: 30.0, b.id: 30.0}
    room = runner.KILL_WAIT + schedule.life(30.0) + 1
    assert runner._fit_reruns([a, b], budgets, room, first, result) == [a]
    assert result.tests[b.id] == ["b's timeout"] and result.logs[b.id] == "b's log" and b.id not in result.rerun
    assert a.id in result.rerun


def test_a_failure_with_descriptors_refused_in_flight_is_graded_again_alone(monkeypatch):
    """Red team 56: as an ordinary user every child is the same user, whose count of descriptors in flight a child
    filled (1,250 kept in a socket it never read): a sibling's DataLoader workers could not hand their batches over
    (ETOOMANYREFS) and a correct load_data_fashion_mnist failed. Such a failure is graded again alone; a pass, or a
    failure without the refusal, is not. As root each job has a uid, and a count, of its own: its log, the child's
    own words, is not read (red team 96 printed the errno to be graded twice), the driver's words are."""
    refused = "OSError: [Errno 109] Too many references: cannot splice"
    monkeypatch.setattr(runner.sandbox, "jobs_have_uids", lambda: False)  # an ordinary user's gradings

    def verdict(status: str, log: str, said: str = "") -> str | None:
        child = runner._Child(None, {}, Path("."), None)
        child.results["t"] = records.Record("result", "t", status, status, 0.1, said)
        runner._check_in_flight(child, log)
        return child.starved

    assert "Too many references" in verdict("failed", refused)
    assert "Too many references" in verdict("failed", "", f"{records.WORKER_NOT_STARTED} ({refused}")
    assert verdict("failed", "", "said in your code's process: " + refused) is None  # red team I35: its own OSError
    assert verdict("passed", refused) is None
    assert verdict("failed", "EOFError") is None
    monkeypatch.setattr(runner.sandbox, "jobs_have_uids", lambda: True)  # root's
    assert verdict("failed", refused) is None
    assert "Too many references" in verdict("failed", "", f"{records.WORKER_NOT_STARTED} ({refused}")


def test_a_job_whose_outlet_the_server_could_not_hand_over_is_killed_and_graded_again_alone():
    """Red team 65: many senders at once raced the user's count of descriptors in flight past the server's own limit;
    its hand-over of every sibling's outlet raised, and the server's end crashed them all. The hand-over says why
    and closes what it held; the runner kills that job, says why, and grades it again alone (golden inflight_flood:
    the whole run, as an ordinary user)."""
    import queue
    import socket
    import subprocess
    from types import SimpleNamespace

    from katas import channel

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    ours.close()
    r, w = os.pipe()
    assert "Broken pipe" in (channel.hand_over(theirs, 1, [r, w]) or "")
    for fd in (r, w):
        with pytest.raises(OSError):
            os.fstat(fd)
    theirs.close()
    sleeper = subprocess.Popen(["sleep", "30"], start_new_session=True)
    server = SimpleNamespace(messages=queue.Queue(), sock=None)
    refused = "[Errno 109] Too many references: cannot splice"
    server.messages.put((None, {"event": "started", "job": 1, "pid": sleeper.pid, "refused": refused}))
    child = runner._Child(None, {}, Path("."), None)
    runner._handle_messages(server, {1: child}, runner.Run(), None)
    assert sleeper.wait(timeout=5) == -9 and child.killed == "unheard" and child.outlet is None
    assert runner.UNHEARD in child.starved and "Too many references" in child.starved
    en, zh = runner._death(-9, "unheard", None, False)
    assert en.startswith("not graded: its output could not be handed") and "Too many references" in zh


def test_a_late_job_whose_outlet_was_never_handed_over_takes_no_other_jobs_outlet():
    """Red team 143: a job given up on that started late, its hand-over refused, sent no outlet; the runner read the
    socket's next one, another job's, and closed it, and that job's records were never read."""
    import queue
    import subprocess
    from types import SimpleNamespace

    from katas import channel

    ours, theirs = channel.pair()
    r, w = os.pipe()
    log = os.open(os.devnull, os.O_RDONLY)
    assert channel.hand_over(theirs, 2, [r, log]) is None
    sleeper = subprocess.Popen(["sleep", "30"], start_new_session=True)
    server = SimpleNamespace(messages=queue.Queue(), sock=ours)
    server.messages.put((None, {"event": "started", "job": 1, "pid": sleeper.pid, "refused": "[Errno 109]"}))
    server.messages.put((None, {"event": "started", "job": 2, "pid": os.getpid()}))
    child = runner._Child(None, {}, Path("."), None)
    start = time.monotonic()
    runner._handle_messages(server, {2: child}, runner.Run(), None)
    assert child.outlet is not None and time.monotonic() - start < 4
    os.write(w, b"x")
    assert os.read(child.outlet.records, 1) == b"x"  # job 2's own records pipe
    assert sleeper.wait(timeout=5) == -9  # the late job's processes are killed all the same
    for end in (ours, theirs):
        end.close()
    os.close(w)


def test_a_files_import_starved_of_cpu_is_left_to_its_exercises_own_jobs():
    """Red team 59: a probe (a file's import, tried alone) that timed out starved of CPU by a sibling gave every
    exercise of its file the timeout, graded again by none; its exercises' own jobs import the file instead."""
    child = runner._Child(None, {}, Path("."), None, probe="kata.py")
    child.killed = "timeout"
    assert runner._probe_verdict(child, -9).status == "timeout"
    child.starved = "timed out starved of CPU (0.5 s of CPU in 20 s, 19 s waiting for one)"
    assert runner._probe_verdict(child, -9) is None


@pytest.mark.skipif(not LINUX, reason="/proc")
def test_a_child_that_keeps_the_machines_files_is_stopped_when_they_run_short(monkeypatch, tmp_path):
    """Red team 69: a file opened, mapped and closed stays open in its map; 4 processes held 240,000 so, and 42 would
    have reached file-max, past which no ordinary user's program opens a file (the test server's neither). Past a
    quarter of file-max, a child holding more than FILES_LIMIT files (its descriptors and mapped files) is stopped."""
    import mmap

    path = tmp_path / "f"
    path.write_bytes(b"x" * 4096)
    maps = []
    for _ in range(200):  # opened, mapped, closed: each map keeps a file open
        with open(path, "rb") as f:
            maps.append(mmap.mmap(f.fileno(), 4096, prot=mmap.PROT_READ))
    assert measure.open_files(os.getpid()) >= 200
    for m in maps:
        m.close()
    sleeper = __import__("subprocess").Popen(["sleep", "30"], start_new_session=True)
    child = runner._Child(None, {}, tmp_path, None)
    child.pid = sleeper.pid
    monkeypatch.setattr(runner, "_files_looked", [0.0])
    monkeypatch.setattr(runner, "open_files", lambda pid: measure.FILES_LIMIT + 1)
    monkeypatch.setattr(runner, "machine_files", lambda: (100, 1000))  # plenty left: nothing is looked at
    runner._police_files({1: child})
    assert child.killed is None
    monkeypatch.setattr(runner, "_files_looked", [0.0])
    monkeypatch.setattr(runner, "machine_files", lambda: (300, 1000))
    runner._police_files({1: child})
    assert child.killed == "files" and sleeper.wait(timeout=5) == -9
    assert runner._death(-9, "files", None, False)[0].startswith("your code held more than 65,536 open files")


def test_grade_py_waits_for_killed_children_still_dying(monkeypatch):
    """Red team 81: helpers with 10 million page-table entries, killed, took 10 s to die after grade.py had exited
    (its table written); the killed children's processes are waited for when grade.py exits, a bounded time."""
    import subprocess
    import threading

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        child = runner._Child.__new__(runner._Child)
        child.pid, child.born, child.killed = proc.pid, measure.born(proc.pid), "timeout"

        class Looked:
            depths = {proc.pid: 0}

        child.descriptors = Looked()
        monkeypatch.setattr(exitwait, "_DYING", [])
        monkeypatch.setattr(exitwait.atexit, "register", lambda f: None)
        runner._dying(child)
        assert exitwait._DYING == [(proc.pid, child.born)]
        threading.Timer(0.5, proc.kill).start()  # it dies while grade.py waits
        threading.Timer(0.6, proc.wait).start()  # (reaped, as the server reaps its children)
        began = time.monotonic()
        assert exitwait.wait_gone(10) == [] and 0.4 < time.monotonic() - began < 5
        assert exitwait.wait_gone(0.1) == []  # nothing left to wait for
    finally:
        proc.kill()
        proc.wait()


def test_a_child_that_ended_by_itself_is_waited_for_too(monkeypatch, tmp_path):
    """Red team 115: a child that ended by itself (graded again alone, its test over) left 200 processes of 64,000 map
    areas each, which took 16 s to die after grade.py had returned, saying nothing: every finished child's processes
    are waited for when grade.py exits, not only a killed one's."""
    import subprocess

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        ex = catalog.load().exercises[0]
        child = runner._Child(ex, {}, tmp_path, None, pid=proc.pid, finished=True, born=measure.born(proc.pid))
        child.descriptors.depths = {proc.pid: 2}  # a process its tests started (its own two end at once)
        monkeypatch.setattr(exitwait, "_DYING", [])
        monkeypatch.setattr(exitwait.atexit, "register", lambda f: None)
        monkeypatch.setattr(runner, "_taken", lambda c: True)
        monkeypatch.setattr(runner, "_close", lambda c: None)
        runner._finish(child, 0, runner.Run(tests={ex.id: []}), False, None)
        assert exitwait._DYING == [(proc.pid, child.born)]
    finally:
        proc.kill()
        proc.wait()


def test_a_child_whose_exit_was_never_reported_is_waited_for_whole(monkeypatch, tmp_path):
    """Red team 123: processes sharing an address space, cloned after the runner's last look, held the test's PID
    namespace (and 2 GiB of page tables) 21 s after grade.py exited: the record pipe had closed, the server never
    reported the exit, and only the processes the last look saw were waited for. A child gone by its pipe alone is
    waited for whole, its first process included, which the namespace's end holds until every process of it is gone."""
    import subprocess

    keeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        ex = catalog.load().exercises[0]
        child = runner._Child(ex, {}, tmp_path, None, pid=keeper.pid, finished=True, born=measure.born(keeper.pid))
        child.descriptors.depths = {keeper.pid: 0}  # the last look saw nothing below it
        child.outlet = types.SimpleNamespace(eof=True)
        child.eof_at = time.monotonic() - runner.KILL_WAIT - 1
        running = {1: child}
        assert runner._lost(running) == [(0, child)] and child.unreported
        monkeypatch.setattr(exitwait, "_DYING", [])
        monkeypatch.setattr(exitwait.atexit, "register", lambda f: None)
        runner._dying(child)
        assert exitwait._DYING == [(keeper.pid, child.born)]
        reported = runner._Child(ex, {}, tmp_path, None, pid=keeper.pid, finished=True, born=child.born)
        reported.descriptors.depths = {keeper.pid: 0}
        exitwait._DYING.clear()
        runner._dying(reported)  # reported gone by the server: its namespace ended before its first process did
        assert exitwait._DYING == []
    finally:
        keeper.kill()
        keeper.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's /proc")
def test_a_zombie_leader_whose_other_thread_runs_on_is_still_dying():
    """Red team 126: a PID namespace's first process, killed, shows Z at once while another of its threads waits for
    every other process of the namespace to end; grade.py took it as gone and did not wait for forks that outlived it
    by 50 s. A zombie with a thread left is still dying."""
    import platform
    import subprocess

    number = {"x86_64": 60, "aarch64": 93}.get(platform.machine())
    if number is None:
        pytest.skip("exit(2)'s number on this machine is not known here")
    code = ("import ctypes, threading, time\n"
            "threading.Thread(target=time.sleep, args=(3,)).start()\n"
            "time.sleep(0.2)\n"
            f"ctypes.CDLL(None).syscall({number}, 0)\n")  # exit(2): the calling (main) thread alone
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        start = measure.born(proc.pid)
        time.sleep(1.0)
        assert measure._stat(proc.pid)[0] == "Z" and measure.dying(proc.pid, start)
        assert proc.wait(timeout=10) == 0 and not measure.dying(proc.pid, start)
    finally:
        proc.kill()
        proc.wait()
