"""Red team 87: as root, a folder the child needs that the job's uid cannot read kept root in the child, with every
capability, and it rewrote a learner's file by its handle. The owner of that folder is taken where it can read,
else root with no capability, none to regain (katas/sandbox.py)."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from katas import sandbox

ROOT_ON_LINUX = pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0, reason="root on Linux")


@ROOT_ON_LINUX
def test_the_owner_reads_where_the_jobs_uid_cannot():
    workbook = Path(tempfile.mkdtemp(dir="/tmp"))  # (pytest's tmp_path sits in root's 0700 folder)
    try:
        os.chmod(workbook, 0o755)
        folder = workbook / "data"
        folder.mkdir(mode=0o700)
        paths, job_uid = [str(workbook), str(folder)], sandbox._uid_for(1)
        assert sandbox._reader(job_uid, paths) == 0  # root's 0700 folder: only root reads it
        os.chown(folder, 1000, 1000)
        assert sandbox._reader(job_uid, paths) == 1000
        os.chmod(folder, 0o755)
        assert sandbox._reader(job_uid, paths) == job_uid
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
