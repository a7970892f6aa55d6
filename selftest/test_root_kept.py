"""Red teams 87 and 90: as root, a folder the child needs that the job's uid cannot read kept root in the child.
grade.py refuses to start; a folder made unreadable after it looked leaves a root with no capability, none to regain
(katas/sandbox.py)."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from katas import sandbox
from katas.catalog import ROOT

ROOT_ON_LINUX = pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0, reason="root on Linux")


@ROOT_ON_LINUX
def test_grade_py_refuses_a_workbook_its_children_cannot_read():
    """As root, a folder the job's uid cannot read (a workbook cloned under umask 077, a 0700 folder in it) would
    keep root in the child: red team 87 rewrote a learner's file through the capabilities root kept, red team 90 drew
    a fake table on the console and wrote the disk through root's device nodes with none. grade.py refuses first."""
    workbook = Path(tempfile.mkdtemp(dir="/tmp"))  # (pytest's tmp_path sits in root's 0700 folder)
    try:
        os.chmod(workbook, 0o755)
        folder = workbook / "exercises"
        folder.mkdir(mode=0o700)
        assert sandbox.unreadable([str(workbook), str(folder)]) == [str(folder)]
        proc = subprocess.run([sys.executable, str(ROOT / "grade.py"), "--target", str(folder), "append_in_place"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2 and "chmod -R a+rX" in proc.stderr and str(folder) in proc.stderr, proc.stderr
        assert "score" not in proc.stdout, proc.stdout  # nothing was graded
        os.chmod(folder, 0o755)
        assert sandbox.unreadable([str(workbook), str(folder)]) == []
    finally:
        shutil.rmtree(workbook)


def _capabilities() -> dict:
    lines = open("/proc/self/status").read().splitlines()
    return {k: v.strip() for k, _, v in (line.partition(":") for line in lines) if k in ("CapEff", "CapPrm", "CapBnd")}


@ROOT_ON_LINUX
def test_root_kept_has_no_capability_and_regains_none():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            walls = sandbox.Walls()
            sandbox._powerless(walls)
            after_exec = subprocess.run([sys.executable, "-c", "import sys; sys.path[:0] = [sys.argv[1]]; "
                                         "from test_root_kept import _capabilities; print(_capabilities())",
                                         os.path.dirname(__file__)], capture_output=True, text=True).stdout
            os.write(write, repr((walls.held, walls.missing, _capabilities(), after_exec.strip())).encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as f:
        held, missing, now, after_exec = eval(f.read())  # noqa: S307  (our own child's repr)
    assert "no capabilities" in held and not missing, (held, missing)
    none = {"CapEff": "0000000000000000", "CapPrm": "0000000000000000", "CapBnd": "0000000000000000"}
    assert now == none and eval(after_exec) == none, (now, after_exec)  # noqa: S307
