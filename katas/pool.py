"""Warm test processes for watch mode: torch and pytest are imported before the job arrives.

A worker is `python -m katas.pool`, started with subprocess (spawn semantics on every OS:
no process that has computed with torch is ever forked, as OpenMP is not fork-safe). It
imports torch, pytest and the grader's plugins, then waits for one job, a JSON line on
stdin: {"args": pytest arguments, "log": file or null, "env": {...}, "cwd": folder}. It runs
pytest.main(args) exactly as `python -m pytest ARGS` would and exits; the pool starts a
fresh one in the background. runner.run(..., launch=pool.launch) uses it in place of
runner.popen, so the runner's JSON-lines, watchdog and crash reruns are unchanged.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections import deque

from katas.catalog import ROOT
from katas.runner import child_env


class Pool:
    """size warm workers; launch() hands one a job, refill() replaces the used ones."""

    def __init__(self, size: int = 2):
        self.size = size
        self.idle: deque[subprocess.Popen] = deque()
        self.refill()

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "katas.pool"],
            cwd=ROOT,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # killed as a group by the runner's watchdog, never by our Ctrl-C
        )

    def refill(self) -> None:
        """Drop dead workers and start new ones up to size (they import torch in the background)."""
        self.idle = deque(w for w in self.idle if w.poll() is None)
        while len(self.idle) < self.size:
            self.idle.append(self._start())

    def launch(self, args: list[str], log, env: dict) -> subprocess.Popen:
        """runner.run's launch hook: give the job to a warm worker (a cold one if none is left)."""
        while self.idle:
            worker = self.idle.popleft()
            if worker.poll() is None:
                break
        else:
            worker = self._start()
        job = {"args": args, "log": getattr(log, "name", None), "env": env, "cwd": str(ROOT)}
        try:
            worker.stdin.write((json.dumps(job) + "\n").encode())
            worker.stdin.close()
        except OSError:  # it died waiting: the runner sees a process that exited and reruns
            pass
        return worker

    def close(self) -> None:
        for worker in self.idle:
            try:
                worker.stdin.close()  # EOF: an idle worker exits by itself
            except OSError:
                pass
        for worker in self.idle:
            try:
                worker.wait(timeout=5)
            except subprocess.TimeoutExpired:
                worker.kill()
        self.idle.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _warm_up() -> None:
    """Pay now what a first pytest run pays: torch, the plugins grading loads, autograd's lazy imports.

    katas.plugin and katas.fixtures themselves are left for pytest to import (it rewrites
    their asserts); their heavy imports are done here.
    """
    import pytest  # noqa: F401
    import torch

    import katas.checks  # noqa: F401
    import katas.data  # noqa: F401
    import katas.forbid  # noqa: F401
    from katas import devices

    try:
        import pytest_timeout  # noqa: F401
    except ImportError:
        pass
    devices.available()
    x = torch.randn(3, 1, dtype=torch.float64, requires_grad=True)
    torch.autograd.gradcheck(lambda a: (a**2 / 2).sum(), (x,))
    (torch.nn.Linear(2, 1)(torch.randn(4, 2)) ** 2).sum().backward()
    gc.collect()
    gc.freeze()  # what is loaded now is never garbage: pytest's gc.collect() calls skip it


def _serve() -> int:
    """The worker: import the heavy things, wait for one job, run it, exit."""
    _warm_up()
    import pytest
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the pool closed without a job
    job = json.loads(line)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # learner code calling input() gets EOF, as under runner.popen
    if job["log"]:
        out = os.open(job["log"], os.O_WRONLY | os.O_APPEND)
        os.dup2(out, 1)
        os.dup2(out, 2)
    os.environ.clear()
    os.environ.update(job["env"])
    os.chdir(job["cwd"])
    # as `python -m pytest ARGS`, minus the notice that modules warmed up above are not assert-rewritten
    code = pytest.main([*job["args"], "-W", "ignore::pytest.PytestAssertRewriteWarning"])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))  # the results are flushed; skip torch's slow interpreter teardown


if __name__ == "__main__":
    sys.exit(_serve())
