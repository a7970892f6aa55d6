"""Red team 5's breaks of issue 20, each pinned where it lives: the runner's walk over a child's descriptors (9.5
minutes on 200 processes x 20,000 descriptors), the child's descriptor limit, a group killed by a pid that the
server had already reaped (and another process may hold), and the walls' words when the user's namespaces are used
up.
(The kernel calls refused to a child: selftest/test_syscalls.py; the whole-workbook side: the golden workbook's
nested_namespaces, memfd_hog and fallocate_output.)"""

from __future__ import annotations

import errno
import os
import resource
import signal
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from katas import measure, runner, sandbox, server

LINUX = sys.platform.startswith("linux")


def _holder(tmp_path: Path, descriptors: int) -> int:
    """A child that holds `descriptors` descriptors of a file behind a 3,700-character path (a slow readlink)."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(tmp_path)
            while len(os.getcwd()) < 3700:
                os.mkdir("a" * 200)
                os.chdir("a" * 200)
            _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            fd = os.open("f", os.O_CREAT | os.O_RDWR, 0o600)
            for _ in range(min(descriptors, hard - 64)):
                os.dup(fd)
            os.write(ready_w, b"1")
            time.sleep(60)
        finally:
            os._exit(0)
    os.close(ready_w)
    os.read(ready_r, 1)
    os.close(ready_r)
    return pid


@pytest.mark.skipif(not LINUX, reason="/proc")
def test_the_walk_over_a_childs_descriptors_keeps_to_its_time(tmp_path):
    pid = _holder(tmp_path, 15_000)
    try:
        began = time.perf_counter()
        procs, resident, _ = measure.tree(pid, spend=0.05)
        took = time.perf_counter() - began
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert list(procs) == [pid] and resident > 0
    assert took < 0.5, f"{took:.2f} s"


@pytest.mark.skipif(not LINUX, reason="resource limits")
def test_a_child_may_hold_at_most_1024_descriptors_few_queued_signals_and_no_locked_page():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            sandbox._limits(sandbox.Walls(), 0)
            os.write(write, repr((resource.getrlimit(resource.RLIMIT_NOFILE), resource.getrlimit(
                resource.RLIMIT_SIGPENDING), resource.getrlimit(resource.RLIMIT_MSGQUEUE),
                resource.getrlimit(resource.RLIMIT_MEMLOCK), resource.getrlimit(resource.RLIMIT_RTPRIO))).encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    (soft, hard), signals, queues, locked, realtime = eval(os.read(read, 200).decode())  # noqa: S307  (our own child's)
    os.close(read)
    assert hard <= sandbox.OPEN_FILES and soft <= hard, (soft, hard)
    # counted for the user as a whole: red team 19 queued signals until the user's other programs had none
    assert signals == (sandbox.SIGNALS_QUEUED,) * 2 and queues == (0, 0), (signals, queues)
    # red team 70: a locked page kept its whole large folio of page cache, in no resident set
    assert locked == (0, 0), locked
    # red team 109: a user's limits may allow real-time scheduling, in no CPU share
    assert realtime == (0, 0), realtime


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="waitid")
def test_the_server_kills_a_childs_group_while_its_zombie_holds_the_pid():
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    deadline = time.monotonic() + 5
    while (ended := server._ended()) != pid and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ended == pid
    if LINUX:  # not reaped by the look: still a zombie, its pid its own
        assert Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 3


@pytest.mark.skipif(not LINUX, reason="/proc")
def test_the_runner_kills_no_group_of_a_pid_another_process_took():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    ours = SimpleNamespace(pid=pid, proc=SimpleNamespace(pid=os.getpid()), born=None)  # this process: the server
    time.sleep(0.1)
    assert not runner._taken(ours)  # a zombie of its server: the pid is still the child's
    os.waitpid(pid, 0)
    assert not runner._taken(ours)  # reaped, and no process holds it: what is left of its group may be killed
    assert runner._taken(SimpleNamespace(pid=1, proc=SimpleNamespace(pid=os.getpid()), born=None))  # another's now
    # the server's next child, given the pid again: its parent is the server, its start time another (red team 51)
    again = SimpleNamespace(pid=os.getpid(), proc=SimpleNamespace(pid=os.getppid()), born=measure.born(os.getpid()) - 1)
    assert runner._taken(again)
    again.born += 1
    assert not runner._taken(again)


def test_a_file_the_runner_stopped_for_memory_as_it_was_imported_is_told_so():
    # as an ordinary user (no cgroup, no keeper's word), red team 55's file read "crashed (SIGKILL)"
    probe = SimpleNamespace(killed="memory", finished=False, probe="kata.py", starved=None)
    verdict = runner._probe_verdict(probe, -9)
    assert verdict.status == "failed" and verdict.en.startswith("your code used more than"), verdict
    assert "while your file was imported" in verdict.en and "内存" in verdict.zh


def test_used_up_namespaces_are_named_as_such_in_the_walls():
    """Red team 5, #3: chains of user namespaces took the uid's count and the next exercise ran without walls; the
    kernel says ENOSPC ("No space left on device"), which would send one to the disk."""
    for err in (errno.ENOSPC, errno.EUSERS):
        why = sandbox._why_not(err)
        assert "namespaces are all in use" in why
        assert sandbox.wall_missing(f"user namespace ({why})") == f"user namespace ({why})"
    assert sandbox._why_not(errno.EPERM) == os.strerror(errno.EPERM)
