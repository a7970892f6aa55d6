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


@ROOT_ON_LINUX
@pytest.mark.skipif(not shutil.which("setpriv"), reason="util-linux's setpriv")
def test_grade_py_refuses_where_python_sits_in_a_folder_only_root_enters_and_no_mount_namespace_can_be_made():
    """Red team 90 (documented until now): with no mount namespace (a container without CAP_SYS_ADMIN) a folder only
    root enters above what the child reads (/root holding Python) kept root in the child, and root with no capability
    still wrote the learner's files, which it owns. grade.py refuses first, saying which folder to open (to enter,
    not to list)."""
    workbook = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        os.chmod(workbook, 0o755)
        shutil.copy(ROOT / "solutions" / "ch3_2_argument_passing.py", workbook)
        closed = workbook / "closed"  # stands in for /root: Python's packages behind a folder only root enters
        (closed / "packages").mkdir(parents=True)
        os.chmod(closed, 0o700)
        os.chmod(closed / "packages", 0o755)
        needed = [str(workbook), str(closed / "packages")]
        assert sandbox.unreadable(needed) == [] and sandbox.closed_above(needed) == []  # here a view shows it
        no_admin = ["setpriv", "--bounding-set", "-sys_admin", "--inh-caps", "-sys_admin"]
        probe = subprocess.run([*no_admin, sys.executable, "-c", "import sys; from katas import sandbox; "
                                "print(sandbox.closed_above(sys.argv[1:]))", *needed],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert probe.stdout.strip() == repr([str(closed)]), probe.stderr
        proc = subprocess.run([*no_admin, sys.executable, str(ROOT / "grade.py"), "--target", str(workbook),
                               "append_in_place"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(closed / "packages")})
        assert proc.returncode == 2 and f"chmod o+x {closed}" in proc.stderr, proc.stderr
        assert "score" not in proc.stdout, proc.stdout
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


@ROOT_ON_LINUX
def test_root_under_umask_077_grades_a_readable_workbook():
    """Red team 132: as root under umask 077, the copies of the graded folder's Python files in the child's view were
    0600 and root's, and the job's uid failed every exercise of a correct workbook with PermissionError."""
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        os.chmod(folder, 0o755)
        for name in ("ch3_2_linear_regression_scratch.py", "ch3_2_argument_passing.py"):
            shutil.copy(ROOT / "solutions" / name, folder / name)
            os.chmod(folder / name, 0o644)
        proc = subprocess.run([sys.executable, str(ROOT / "grade.py"), "--target", str(folder), "squared_loss",
                               "append_in_place"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                              preexec_fn=lambda: os.umask(0o077))
        assert "score 2/2" in proc.stdout, proc.stdout + proc.stderr
    finally:
        shutil.rmtree(folder)
