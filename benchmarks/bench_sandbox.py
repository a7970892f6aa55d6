"""What each wall of katas/sandbox.py costs a child: fork from a process that imported torch, wall in, exit.

python benchmarks/bench_sandbox.py [--n 40]

Each line adds one wall to the one above it and gives the median wall-clock time from fork to the
child's exit as its parent sees it. Under root the PID namespace comes with the fork (as katas/server.py
forks); as an ordinary user the last line includes the user namespace and the keeper's second fork.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402,F401 - the server's weight, which every fork copies

from katas import cgroups, sandbox  # noqa: E402

LEVELS = ["fork only", "+ session, limits", "+ memory cgroup", "+ PID namespace",
          "+ mount namespace, all read-only", "+ private tmpfs", "+ uid drop (all walls)",
          "+ the folder's view, 57 exercise files hidden"]  # fmt: skip
# what a child of ch3_6's is not shown (katas/progress.py's Dependencies.unseen): the workbook's other exercise files,
# in the view of the folder (its tmpfs: Dependencies.views); the solutions' folder, which the grader never hides
SOLVED = Path(__file__).resolve().parent.parent / "solutions"
UNSEEN = sorted(str(p) for p in SOLVED.glob("ch*.py") if p.name not in ("ch3_6_softmax_scratch.py",
                                                                        "ch3_5_fashion_mnist.py"))


def child(level: int, folder: Path, needed: list[str], server: int, job: int) -> None:
    walls = sandbox.Walls()
    if level >= 6:
        sandbox.enter(folder, job, needed, (), 0, server, unseen=UNSEEN if level == 7 else [],
                      views=[str(SOLVED)] if level == 7 else [])
        return
    if level >= 1:
        os.setsid()
    if level >= 2:
        sandbox._memory_cap(walls, server, job)
    if level >= 4:
        sandbox._namespaces(walls, os.getuid() == 0, (), None)
    if level >= 5:
        sandbox._work_folder(walls, folder, needed)
    sandbox._limits(walls, 0)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=40)
    n = p.parse_args().n
    needed = [str(Path(__file__).resolve().parent.parent), *[q for q in sys.path if os.path.isabs(q)]]
    namespaces = sandbox.PidNamespaces()  # as the server forks (root: the fork starts the PID namespace)
    server = os.getpid()
    for level, name in enumerate(LEVELS):
        times = []
        for job in range(n):
            folder = Path(tempfile.mkdtemp())
            began = time.perf_counter()
            fresh = level >= 3 and namespaces.before_fork()
            pid = os.fork()
            if pid == 0:
                try:
                    child(level, folder, needed, server, job)
                finally:
                    os._exit(0)
            if fresh:
                namespaces.after_fork()
            os.waitpid(pid, 0)
            times.append(time.perf_counter() - began)
            group = cgroups.cgroup(server, job)
            if group is not None:
                cgroups.remove_cgroup(group)
            os.rmdir(folder)
        print(f"{name:34s} {1000 * statistics.median(times):6.1f} ms  (min {1000 * min(times):.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
