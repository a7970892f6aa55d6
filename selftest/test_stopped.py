"""grade.py stopped mid-grade (Ctrl-C, kill, a closed terminal, SIGKILL) leaves nothing behind: no process, no
file in the temporary folder, /tmp or /dev/shm; what a SIGKILL cannot clean, the next grading does (issue 20)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from grading import ROOT

from katas import cgroups, stale

WORKBOOK = ROOT / "selftest" / "fixtures" / "workbook"
MARK = "katas-selftest-stopped"
LEARNER = f"""import os, subprocess, sys, time


def add(a, b):  # leaves a process and files where it can, then runs until the grading is stopped
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)  # {MARK}"], process_group=0)  # (no session)
    for folder in ("/tmp", "/dev/shm", os.environ.get("TMPDIR", "/tmp")):
        try:
            open(os.path.join(folder, "{MARK}-file"), "w").close()
        except OSError:
            pass
    while True:
        time.sleep(0.1)


def scale(x, s):
    return x * s
"""


def _marked() -> list[str]:
    found = []
    for p in Path("/proc").glob("[0-9]*"):
        try:
            if MARK.encode() in (p / "cmdline").read_bytes() and int(p.name) != os.getpid():
                found.append(p.name)
        except (OSError, ValueError):
            pass
    return found


def _as_from_a_terminal() -> None:
    """SIGINT as a terminal leaves it: a selftest started as a background job (`cmd &`) runs with SIGINT ignored,
    and an ignored signal stays ignored across exec (grade.py would never see the Ctrl-C this test sends)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(tmp_path: Path, names=()) -> tuple[subprocess.Popen, Path]:
    learner, tmp = tmp_path / "learner", tmp_path / "tmp"
    learner.mkdir(exist_ok=True)
    tmp.mkdir(exist_ok=True)
    (learner / "kata.py").write_text(LEARNER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(ROOT / "grade.py"), *names, "--target", str(learner)], cwd=WORKBOOK,
                            env={**os.environ, "KATAS_ROOT": str(WORKBOOK), "TMPDIR": str(tmp), "NO_COLOR": "1",
                                 "KATAS_STATE": str(tmp_path / "state"), "CUDA_VISIBLE_DEVICES": ""},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_as_from_a_terminal)
    return proc, tmp


def _until_learner_runs(proc: subprocess.Popen) -> None:
    end = time.monotonic() + 120
    while not _marked():
        assert proc.poll() is None and time.monotonic() < end, "the learner's code never ran"
        time.sleep(0.05)


def _nothing_left(tmp: Path) -> None:
    end = time.monotonic() + 5  # a killed process may take a moment to be reaped
    while _marked() and time.monotonic() < end:
        time.sleep(0.1)
    assert not _marked(), "a process of the learner's outlived the grading"
    assert not list(tmp.iterdir()), f"left in the temporary folder: {sorted(p.name for p in tmp.rglob('*'))[:10]}"
    for folder in ("/tmp", "/dev/shm"):
        assert not (Path(folder) / f"{MARK}-file").exists(), folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the walls and /proc this reads are Linux's")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_mid_grade_leaves_nothing(tmp_path, sig):
    proc, tmp = _start(tmp_path)
    try:
        _until_learner_runs(proc)
        proc.send_signal(getattr(signal, sig))
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, (proc.returncode, err)
    _nothing_left(tmp)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_after_a_sigkill_the_next_grading_sweeps_what_was_left(tmp_path):
    """SIGKILL leaves the runner no time: the server and the children end with it (their death signals), and its
    folder stays until the next grading, which removes it and nothing else of the temporary folder's."""
    proc, tmp = _start(tmp_path)
    try:
        _until_learner_runs(proc)
        proc.kill()
        proc.wait(timeout=10)
    finally:
        proc.kill()
    (left,) = tmp.iterdir()
    others = [tmp / "katas-1-notours", tmp / f"katas-{os.getpid()}-alive", tmp / "katas-own"]
    for folder in others:  # no owner file; an owner that lives (this process); not a name the grader gives
        (folder / "private").mkdir(parents=True)
    (others[1] / "private" / "owner").write_text(stale._identity(os.getpid()), encoding="ascii")
    again, _ = _start(tmp_path, names=("scale",))
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert sorted(tmp.iterdir()) == sorted(others), f"{left.name} was not swept, or another folder was"
    for folder in others:
        folder.joinpath("private", "owner").unlink(missing_ok=True)
        folder.joinpath("private").rmdir()
        folder.rmdir()
    _nothing_left(tmp)


def test_a_killed_gradings_cgroups_are_removed_by_the_next_one():
    """Red team 14 counted 2,700 empty katas-* cgroups: left by gradings killed outright, and by every instructor
    worker (named katas-0-* from inside its PID namespace, never removed). The next grading removes those whose
    server is gone; one in use, or a live server's, stays."""
    one = cgroups.cgroup(os.getpid(), 0)
    if one is None or os.getuid() != 0:
        pytest.skip("no memory cgroup this user may create")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    groups = [one.parent / f"katas-{dead.pid}-7", one.parent / "katas-0-1048577", one.parent / f"katas-{os.getpid()}-9"]
    for g in groups:
        g.mkdir()
    try:
        cgroups.sweep_stale_groups()
        assert [g.exists() for g in groups] == [False, False, True]
    finally:
        for g in groups:
            cgroups.remove_cgroup(g)


def test_grade_py_waits_for_the_processes_a_gone_servers_cgroup_still_holds(monkeypatch):
    """Red team 126: under a cgroup no look walks a child's processes, and forks a killed child made last, still
    tearing down their page tables, outlived grade.py by 50 s, saying nothing. grade.py's exit waits while a cgroup of
    a job whose server is gone still holds a process (bounded, then said on stderr)."""
    one = cgroups.cgroup(os.getpid(), 0)
    if one is None or os.getuid() != 0:
        pytest.skip("no memory cgroup this user may create")
    from katas import exitwait

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    group = one.parent / f"katas-{dead.pid}-3"
    group.mkdir()
    held = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (group / "cgroup.procs").write_text(str(held.pid))
        assert cgroups.stale_groups_in_use() == [group]
        monkeypatch.setattr(exitwait, "_DYING", [])
        threading.Timer(0.5, held.kill).start()
        began = time.monotonic()
        assert exitwait.wait_gone(10) == [] and 0.4 < time.monotonic() - began < 5
        assert cgroups.stale_groups_in_use() == [] and not group.exists()
    finally:
        held.kill()
        held.wait()
        cgroups.remove_cgroup(group)
