"""Instructor mode's switch and its zygote's start, for the runner and the CLI (imports no torch).

`python grade.py --instructor` sets KATAS_INSTRUCTOR=1 for the test server and its children; the runner
starts the zygote (katas/worker.py) beside the server, before any test or learner file is read, and hands
the server one end of the zygote's socket (KATAS_ZYGOTE_FD), which each test child keeps.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

WORKER = Path(__file__).resolve().parent / "worker.py"
ENV = "KATAS_INSTRUCTOR"
FD_ENV = "KATAS_ZYGOTE_FD"


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


def start_zygote(private: Path, env: dict) -> tuple[subprocess.Popen, socket.socket]:
    """(the zygote, the server's end of its socket): the zygote gets a clean environment and no argument of
    the grading's (no seed, no target), its output a file in the runner's private folder."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    keep = ("PATH", "LANG", "LC_ALL", "OMP_NUM_THREADS", "KATAS_PRIVATE", "KATAS_SANDBOX_UID", "KATAS_MEMORY_LIMIT",
            "KATAS_OUTPUT_LIMIT", "PYTORCH_NVML_BASED_CUDA_CHECK", "PYTHONDONTWRITEBYTECODE")
    from katas.data import SETS

    keep += tuple(ds.env for ds in SETS.values())  # the zygote finds the data sets itself, as the tests do
    clean = {k: env[k] for k in keep if k in env}
    clean.update(MPLBACKEND="Agg", HOME="/nonexistent")
    with open(private / "zygote.txt", "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, *(["-P"] if sys.version_info >= (3, 11) else []), str(WORKER), str(ours.fileno())],
            cwd="/", env=clean, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, pass_fds=(ours.fileno(),),
            start_new_session=True)  # fmt: skip
    ours.close()
    theirs.set_inheritable(True)
    return proc, theirs


def wait_ready(proc: subprocess.Popen, limit: float) -> None:
    """Until the zygote has imported what workers need (on a loaded machine that can take longer than a test's
    timeout, which would otherwise pay for it), at most limit seconds."""
    import select

    if proc.stdout is None or proc.stdout.closed:  # waited for already (a server serves several runs)
        return
    if select.select([proc.stdout], [], [], limit)[0]:
        proc.stdout.readline()
    proc.stdout.close()


def kept_descriptors() -> tuple[int, ...]:
    """What a test child keeps of the server's descriptors in instructor mode: the zygote's socket."""
    fd = os.environ.get(FD_ENV, "")
    return (int(fd),) if enabled() and fd.isdigit() else ()
