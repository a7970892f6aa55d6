"""The grader's pytest plugin: one JSON line per event, so a parent survives a dying child.

grade.py runs `pytest -p katas.plugin --katas-results FILE`; each record is flushed as it
happens, so when learner code kills the process (os._exit, a segfault) the parent still
knows which test was running and can go on without it.
"""

from __future__ import annotations

import json
import signal
import time
import traceback
from pathlib import Path

import pytest

from katas import target
from katas.catalog import exercise_of, load
from katas.checks import KataFailure
from katas.explain import explain
from katas.target import TargetImportError, resolve, where

CATALOG = load()
OUTPUT_LIMIT = 64 * 2**20  # bytes a test process may write to any file, captured output included


def pytest_addoption(parser):
    g = parser.getgroup("d2l-katas grader")
    g.addoption("--katas-results", help="JSON-lines file the grader reads")
    g.addoption("--katas-exclude", help="JSON list of test ids that already have a result")


_RECORDER = None  # the session's Recorder when the grader asked for one (one session a process)


class Recorder:
    def __init__(self, path: str):
        self.out = open(path, "a", encoding="utf-8")  # open for the whole session
        self.results: dict[str, dict] = {}
        self.timed_out: set[str] = set()  # exercises whose remaining tests are skipped
        self.exercises: dict[str, str] = {}  # node id -> exercise id

    def write(self, **record):
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()


def pytest_configure(config):
    path = config.getoption("--katas-results")
    if not path:
        return
    global _RECORDER
    _RECORDER = Recorder(path)
    target.observers.append(lambda event, file: _RECORDER.write(event=event, file=str(file)))
    try:  # a flood of printed output fails the write (EFBIG) instead of filling the disk
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_LIMIT, OUTPUT_LIMIT))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    except (ImportError, ValueError, OSError, AttributeError):
        pass


def pytest_collection_modifyitems(config, items):
    rec = _RECORDER
    if rec is None:
        return
    done = set()
    if config.getoption("--katas-exclude"):
        done = set(json.loads(Path(config.getoption("--katas-exclude")).read_text()))
    keep = [it for it in items if it.nodeid not in done]
    config.hook.pytest_deselected(items=[it for it in items if it.nodeid in done])
    items[:] = keep


def pytest_collection_finish(session):
    rec = _RECORDER
    if rec is None:
        return
    from katas import devices

    rec.exercises = {it.nodeid: exercise_of(it) for it in session.items}
    rec.write(
        event="collected",
        seed=session.config.getoption("--seed"),
        devices=list(devices.available()),
        tests=[{"nodeid": it.nodeid, "exercise": exercise_of(it), "timeout": _timeout(it)} for it in session.items],
    )


def _timeout(item) -> float:
    m = item.get_closest_marker("timeout")
    if m and m.args:
        return float(m.args[0])
    return float(item.config.getini("timeout") or 0) or 60.0


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    rec = _RECORDER
    if rec is not None:
        rec.write(event="start", nodeid=item.nodeid, t=time.time())


def _learner_code(item):
    """Run a test phase; a KeyboardInterrupt from learner code becomes that test's failure.

    The grader runs tests in a session of their own, so no Ctrl-C from a terminal reaches
    them: a KeyboardInterrupt there was raised by the code under test.
    """
    try:
        return (yield)
    except KeyboardInterrupt:
        pytest.fail("learner code raised KeyboardInterrupt", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    rec = _RECORDER
    if rec is None:
        return (yield)
    if exercise_of(item) in rec.timed_out:
        pytest.skip("an earlier test of this exercise timed out")  # one timeout is enough to wait for
    return (yield from _learner_code(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if _RECORDER is None:
        return (yield)
    return (yield from _learner_code(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.excinfo is not None and _RECORDER is not None:
        report.katas = classify(call.excinfo, item)
    return report


def classify(excinfo, item) -> dict:
    """status, message in both languages, for one failed phase of a test."""
    e = excinfo.value
    folder = resolve(item.config.getoption("--target"))
    if isinstance(e, TargetImportError):
        return _msg("error", str(e))
    if isinstance(e, KataFailure):
        return {"status": "failed", "en": e.en, "zh": e.zh}
    named = explain(e, CATALOG.get(exercise_of(item)).names if exercise_of(item) else ())  # a classic slip,
    if named:  # even one torch raises as NotImplementedError (x ^ 2): named before "not started"
        line = _learner_line(excinfo, folder)
        return _msg("failed", *(m + (f" ({line})" if line else "") for m in named))
    if isinstance(e, NotImplementedError) or _raised_not_implemented(e):
        return _msg(
            "not_started",
            "not started: the stub still raises NotImplementedError",
            "尚未开始：练习函数仍在抛出 NotImplementedError",
        )
    text = str(e)
    if excinfo.typename == "Failed" and text.startswith("Timeout"):
        limit = text.split("(>")[1].split("s)")[0] if "(>" in text else "?"
        return _msg(
            "timeout",
            f"took longer than {limit} s: an endless loop, or far too much work?",
            f"运行超过 {limit} 秒：是死循环，还是计算量太大？",
        )
    if excinfo.typename == "Failed":
        if "KeyboardInterrupt" in text:
            return _msg("failed", "your code raised KeyboardInterrupt", "你的代码抛出了 KeyboardInterrupt")
        return _msg("failed", text.splitlines()[0] if text else "failed")
    if isinstance(e, SystemExit):
        return _msg(
            "failed",
            f"your code called sys.exit({e.code!r}) or exit(): return a value instead",
            f"你的代码调用了 sys.exit({e.code!r}) 或 exit()：请返回结果而不是退出",
        )
    if isinstance(e, OSError) and e.errno == 27:  # EFBIG: OUTPUT_LIMIT reached
        return _msg(
            "failed",
            f"your code printed more than {OUTPUT_LIMIT >> 20} MiB: remove the print in the loop",
            f"你的代码输出超过 {OUTPUT_LIMIT >> 20} MiB：请删掉循环里的 print",
        )
    first = text.splitlines()[0] if text else ""
    line = _learner_line(excinfo, folder)
    return _msg("failed", f"{excinfo.typename}: {first}"[:300] + (f" ({line})" if line else ""))


def _msg(status, en, zh=None) -> dict:
    return {"status": status, "en": en, "zh": zh if zh is not None else en}


def _raised_not_implemented(e: BaseException) -> bool:
    seen = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, NotImplementedError):
            return True
        e = e.__cause__ or e.__context__
    return False


def _learner_line(excinfo, target: Path) -> str | None:
    """file:line of the deepest frame in the graded folder, where the learner should look."""
    found = None
    for frame in traceback.extract_tb(excinfo.tb):
        p = Path(frame.filename)
        if p.parent.resolve() == target:
            found = where(p, frame.lineno)
    return found


def pytest_runtest_logreport(report):
    rec = _RECORDER
    if rec is None:
        return
    r = rec.results.setdefault(report.nodeid, {"outcome": "passed", "seconds": 0.0})
    r["seconds"] += getattr(report, "duration", 0.0)
    if report.failed and r["outcome"] != "failed":
        r["outcome"] = "failed"
        r.update(getattr(report, "katas", None) or _msg("failed", _longrepr_line(report)))
        if r["status"] == "timeout":
            rec.timed_out.add(rec.exercises.get(report.nodeid))
    elif report.skipped and r["outcome"] == "passed":
        r["outcome"] = "skipped"
        r.update(_msg("skipped", _skip_reason(report)))
    if report.when == "teardown":
        rec.write(event="result", nodeid=report.nodeid, **rec.results.pop(report.nodeid))


def _longrepr_line(report) -> str:
    text = getattr(report, "longreprtext", "") or "failed"
    lines = [ln for ln in text.splitlines() if ln.startswith("E ")]
    return (lines[0][1:].strip() if lines else text.splitlines()[-1])[:300]


def _skip_reason(report) -> str:
    lr = report.longrepr
    return lr[2] if isinstance(lr, tuple) and len(lr) == 3 else "skipped"


def pytest_sessionfinish(session, exitstatus):
    rec = _RECORDER
    if rec is not None:
        rec.write(event="finish", exitstatus=int(exitstatus))
        rec.out.close()
