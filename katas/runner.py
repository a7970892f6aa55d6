"""Run the graded tests in child processes that learner code may hang, kill or flood.

Each child is pytest with katas.plugin, which writes a JSON line per event. When a child
dies or stops making progress, the test it was running is charged to its exercise, the
exercise's remaining tests are dropped, and a fresh child goes on with the rest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from katas.catalog import ROOT, Exercise
from katas.results import TestCaseResult

GRACE = 10.0  # seconds past a test's own timeout before the child is killed
COLLECT_LIMIT = 120.0  # seconds a child may take to import torch and collect


@dataclass
class Run:
    """Everything the children reported, across reruns."""

    tests: dict[str, list[TestCaseResult]] = field(default_factory=dict)  # exercise id -> results
    devices: list[str] = field(default_factory=list)
    log: str = ""  # the last child's output, for when nothing else explains a failure


def run(
    exercises: list[Exercise],
    target: Path,
    seed: int,
    *,
    verbose: bool = False,
    on_event: Callable[[dict], None] | None = None,
    launch: Callable[..., subprocess.Popen] | None = None,
) -> Run:
    """Grade exercises of target; launch(pytest_args, log, env) starts one child (default: popen)."""
    result = Run(tests={ex.id: [] for ex in exercises})
    pending = list(exercises)
    done: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="katas-") as tmp:
        for attempt in range(len(exercises) + 1):
            if not pending:
                break
            settled = _child(pending, target, seed, verbose, Path(tmp), attempt, done, result, on_event,
                             launch or popen)
            if settled is None:
                break
            pending = [ex for ex in pending if ex.id not in settled]
    return result


def child_env() -> dict:
    """The environment of a test process: no bytecode, headless plots, only grading's plugins."""
    here = str(Path(__file__).resolve().parent.parent)  # katas/ importable in the child, installed or not
    path = os.pathsep.join([here, os.environ["PYTHONPATH"]]) if os.environ.get("PYTHONPATH") else here
    return {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        "PYTHONPATH": path,
        # only the plugins grading needs: a learner's pytest-randomly or hypothesis must not
        # reorder, reseed or slow the graded run
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        # half the cores: OpenMP threads that spin for cores the editor or a browser holds made
        # the workbook 14x slower on a busy 2-core machine (158 s against 11 s)
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS") or str(max(1, (os.cpu_count() or 2) // 2)),
    }


def popen(args: list[str], log, env: dict) -> subprocess.Popen:
    """A fresh `python -m pytest ARGS` in a session of its own, writing to log (None: our terminal)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=None if log is None else subprocess.STDOUT,
        start_new_session=True,  # our Ctrl-C is ours; the child's group can be killed whole
    )


def _child(pending, target, seed, verbose, tmp, attempt, done, result, on_event, launch):
    """Run one child. None when it finished; else the exercises that need no rerun."""
    results_file = tmp / f"results-{attempt}.jsonl"
    exclude_file = tmp / f"exclude-{attempt}.json"
    exclude_file.write_text(json.dumps(sorted(done)))
    files = sorted({str(ROOT / "tests" / ex.test_file) for ex in pending})
    args = [
        *files,
        "-p", "pytest_timeout", "-p", "katas.plugin",
        f"--target={target}", f"--seed={seed}",
        "--exercise=" + ",".join(ex.id for ex in pending),
        f"--katas-results={results_file}", f"--katas-exclude={exclude_file}",
        "-v" if verbose else "-q", "--no-header" if not verbose else "-rN",
        "-p", "no:cacheprovider",
    ]  # fmt: skip
    env = child_env()
    log_path = tmp / f"log-{attempt}.txt"
    with open(log_path, "wb") as log:
        child = launch(args, None if verbose else log, env)
        state, killed = _watch(child, results_file, result, done, on_event)
    result.log = log_path.read_text(errors="replace")[-4000:]
    if state.finished and not killed:
        return None
    outcome = "timeout" if killed else "crashed"
    en, zh = _death(child.returncode, killed, state.running)
    if state.running is None:
        # died outside any test: charge every exercise that still had tests to run
        charged = {
            ex.id for ex in pending
            if not state.collected or any(n not in done for n, e in state.collected.items() if e == ex.id)
        }  # fmt: skip
    else:
        charged = {state.collected.get(state.running)}
        if state.importing:  # the file kills the process on import: all its exercises are lost
            file = next(ex.file for ex in pending if ex.id in charged)
            charged |= {ex.id for ex in pending if ex.file == file}
    for ex_id in charged & set(result.tests):
        result.tests[ex_id].append(TestCaseResult(state.running or "(process)", outcome, 0.0, outcome, en, zh))
    return charged | {ex.id for ex in pending if ex.id not in charged and _complete(ex.id, state, done)}


def _complete(ex_id: str, state, done: set[str]) -> bool:
    return bool(state.collected) and all(n in done for n, e in state.collected.items() if e == ex_id)


@dataclass
class _State:
    """What a child's records say so far."""

    collected: dict[str, str] = field(default_factory=dict)  # node id -> exercise id
    timeouts: dict[str, float] = field(default_factory=dict)  # node id -> its timeout
    running: str | None = None  # the test that started and has not reported yet
    importing: bool = False  # ... and it is importing the learner's file
    finished: bool = False


def _watch(child, results_file: Path, result: Run, done: set[str], on_event) -> tuple[_State, str | None]:
    """Follow the child's records until it exits; kill it when a test overstays.

    Returns what the records said and "timeout" when the child was killed.
    """
    state = _State()
    deadline = time.monotonic() + COLLECT_LIMIT
    pos = 0
    killed = None
    while True:
        exited = child.poll() is not None  # read once more after the exit: its last records
        if results_file.exists():
            with open(results_file, encoding="utf-8") as f:
                f.seek(pos)
                chunk = f.read()
            lines = chunk.split("\n")  # the last piece is a line still being written
            pos += len(chunk.encode("utf-8")) - len(lines[-1].encode("utf-8"))
            for line in lines[:-1]:
                rec = json.loads(line)
                ev = rec["event"]
                if ev == "collected":
                    result.devices = rec["devices"]
                    state.collected = {t["nodeid"]: t["exercise"] for t in rec["tests"]}
                    state.timeouts = {t["nodeid"]: t["timeout"] for t in rec["tests"]}
                    deadline = time.monotonic() + COLLECT_LIMIT
                elif ev == "start":
                    state.running, state.importing = rec["nodeid"], False
                    deadline = time.monotonic() + state.timeouts.get(rec["nodeid"], 60.0) + GRACE
                elif ev in ("import", "imported"):
                    state.importing = ev == "import"
                elif ev == "result":
                    state.running, state.importing = None, False
                    done.add(rec["nodeid"])
                    ex = state.collected.get(rec["nodeid"])
                    if ex in result.tests:
                        result.tests[ex].append(
                            TestCaseResult(
                                rec["nodeid"], rec["outcome"], rec["seconds"],
                                rec.get("status", "passed"), rec.get("en", ""), rec.get("zh", ""),
                            )
                        )  # fmt: skip
                    deadline = time.monotonic() + COLLECT_LIMIT
                elif ev == "finish":
                    state.finished = True
                if on_event:
                    on_event(rec)
        if exited:
            return state, killed
        if time.monotonic() > deadline and killed is None:
            killed = "timeout"
            _kill(child)
        time.sleep(0.02)


def _kill(child) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        child.kill()
    child.wait()


def _death(returncode: int | None, killed: str | None, nodeid: str | None) -> tuple[str, str]:
    during = f" during {nodeid.split('::')[-1]}" if nodeid else ""
    if killed == "timeout":
        return (
            f"stopped after hanging{during}: an endless loop that even the timeout could not interrupt?",
            f"运行{during}卡住，被强制停止：是否有无法中断的死循环？",
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
