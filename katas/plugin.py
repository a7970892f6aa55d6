"""The grader's pytest plugin: the test server's loop, and one JSON line per event in each child.

grade.py runs `pytest -p katas.plugin --katas-serve`: after collection, pytest's run loop becomes
katas.server's, which forks a child per exercise. The child runs that exercise's tests here
(run_job) and records each event as it happens, flushed, so that when learner code kills the
process (os._exit, a segfault) the parent still knows which test was running. The records are the
child's word, not the truth: katas/records.py checks every line against what the parent asked for.
"""

from __future__ import annotations

import base64
import dis
import json
import os
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path

import pytest
from _pytest.assertion import rewrite

from katas import target
from katas.catalog import exercise_of, load
from katas.checks import KataFailure
from katas.explain import explain
from katas.records import PICTURE_LIMIT, clean
from katas.sandbox import DISK_LIMIT, OUTPUT_LIMIT
from katas.target import TargetImportError, resolve, where

CATALOG = load()
# pytest's cached assertion rewrites (*-pytest-*.pyc beside the tests) are never read: one planted there
# would run instead of the test. The tests are rewritten from source in each server, once.
rewrite._read_pyc = lambda *args, **kwargs: None

def pytest_addoption(parser):
    g = parser.getgroup("d2l-katas grader")
    g.addoption("--katas-serve", action="store_true", help="after collection, serve jobs on stdin (katas.server)")


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    if not session.config.getoption("--katas-serve"):
        return None
    import sys

    from katas import server

    try:
        server.serve(session, run)
    finally:  # skip pytest's summary and torch's slow interpreter teardown: nobody reads them
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


_RECORDER = None  # the child's Recorder (one job a process)


class Recorder:
    def __init__(self, fd: int):
        self.out = open(fd, "w", encoding="utf-8", errors="replace")  # a lone surrogate in a message: "?", no crash
        self.results: dict[str, dict] = {}
        self.last_status: str | None = None  # the status of the test that reported last

    def write(self, **record):
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()


def run(session, what, records: int, walls) -> None:
    """katas/server.py's child, walled in: say what walls hold, run the job, hand over its pictures."""
    rec = Recorder(records)
    rec.write(event="walls", **asdict(walls))
    state = Path(walls.work or ".") / "state"  # pictures land here; the parent keeps them (_send_pictures)
    os.environ["KATAS_STATE"] = str(state)
    if isinstance(what, dict):
        run_probe(session.config, what["probe"], rec)
    else:
        run_job(what, rec)
        _send_pictures(rec, state / "plots")
    rec.write(event="finish")


def _send_pictures(rec: Recorder, folder: Path) -> None:
    try:
        pictures = sorted(folder.glob("*.png"))
    except OSError:
        return
    for path in pictures[:8]:
        try:
            png = path.read_bytes()[: PICTURE_LIMIT + 1]
        except OSError:
            continue
        if len(png) <= PICTURE_LIMIT:
            rec.write(event="picture", name=path.stem, png=base64.b64encode(png).decode())


def run_job(items: list, rec: Recorder) -> None:
    """Run one exercise's tests in this (forked) process, recording each; stop after a timeout."""
    global _RECORDER
    _RECORDER = rec
    target.observers.append(lambda event, file: rec.write(event=event, file=str(file)))
    if items:  # pytest's own report lines must survive a learner's print flood that filled the log
        writer = items[0].config.get_terminal_writer()
        writer._file = _Tolerant(writer._file)
    for i, item in enumerate(items):
        nextitem = items[i + 1] if i + 1 < len(items) else None
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        if rec.last_status == "timeout":
            break  # one timeout is enough to wait for: the exercise's other tests are not run


def run_probe(config, file: str, rec: Recorder) -> None:
    """Import the learner's file and nothing else: does it hang or kill its process on import?"""
    target.observers.append(lambda event, path: rec.write(event=event, file=str(path)))
    try:
        target.import_file(resolve(config.getoption("--target")) / file, "target")
    except TargetImportError:
        pass  # a syntax error or an exception: each exercise reports it itself


class _Tolerant:
    """A stream whose failed writes are dropped (EFBIG once the output limit is reached)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            return self._stream.write(text)
        except OSError:
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except OSError:
            pass

    def __getattr__(self, name):
        return getattr(self._stream, name)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    rec = _RECORDER
    if rec is not None:
        rec.last_status = None
        rec.write(event="start", nodeid=item.nodeid, t=time.time())


# What learner code may raise that pytest would take as an instruction rather than a failure.
def _learner_code(item):
    """Run a test phase; learner code that stops, skips or xfails the test fails it instead.

    The child runs in a session of its own, so no Ctrl-C from a terminal reaches it: a
    KeyboardInterrupt there was raised by the code under test. The graded tests never skip or
    xfail themselves (selftest/test_catalog.py checks), so a skip or an xfail came from the
    learner's code too; a pass must come from running the test.
    """
    try:
        return (yield)
    except KeyboardInterrupt:
        pytest.fail("learner code raised KeyboardInterrupt", pytrace=False)
    except pytest.exit.Exception:
        pytest.fail("learner code called pytest.exit()", pytrace=False)
    except (pytest.skip.Exception, pytest.xfail.Exception) as e:
        kind = "xfail" if isinstance(e, pytest.xfail.Exception) else "skip"
        pytest.fail(f"learner code called pytest.{kind}()", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if _RECORDER is None:
        return (yield)
    return (yield from _learner_code(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if _RECORDER is None:
        return (yield)
    return (yield from _learner_code(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
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
    if isinstance(e, KataFailure):  # not_gradable: the driver's own InstructorUnsupported (learner code's cannot be)
        return {"status": "not_gradable" if _not_gradable(e) else "failed", "en": e.en, "zh": e.zh}
    named = explain(e, CATALOG.get(exercise_of(item)).names if exercise_of(item) else ())  # a classic slip,
    if named:  # even one torch raises as NotImplementedError (x ^ 2): named before "not started"
        line = _learner_line(excinfo, folder)
        return _msg("failed", *(m + (f" ({line})" if line else "") for m in named))
    if isinstance(e, NotImplementedError) or _raised_not_implemented(e):
        started = _raised_after_code(e, folder)
        if started:  # a wrong exercise is no unstarted one (red team I41: a failure dropped out of the record)
            return _msg("failed", f"your code raised NotImplementedError ({started}) after code of its own: remove "
                        "the stub's `raise NotImplementedError` once the function returns its result",
                        f"你的代码在自己的代码之后抛出了 NotImplementedError（{started}）：函数能返回结果后，"
                        "删掉练习模板里的 `raise NotImplementedError`")
        return _msg(
            "not_started",
            "not started: the stub still raises NotImplementedError",
            "尚未开始：练习函数仍在抛出 NotImplementedError",
        )
    text = clean(e)  # no escape sequence or stray \r decides what the first line is
    if excinfo.typename == "Failed" and text.startswith("Timeout"):
        limit = text.split("(>")[1].split("s)")[0] if "(>" in text else "?"
        if any(f.f_code is target.import_file.__code__ for f, _ in traceback.walk_tb(e.__traceback__)):
            return _msg(
                "timeout",
                f"took longer than {limit} s while your file was imported: a line at its top level loops forever "
                "or does heavy work; keep the work inside functions",
                f"导入你的文件时运行超过 {limit} 秒：文件顶层的某行代码陷入死循环或计算量太大；请把计算放进函数里",
            )
        return _msg(
            "timeout",
            f"took longer than {limit} s: an endless loop, or far too much work?",
            f"运行超过 {limit} 秒：是死循环，还是计算量太大？",
        )
    if excinfo.typename == "Failed":
        return _learner_stopped(text) or _msg("failed", text.splitlines()[0] if text else "failed")
    if isinstance(e, SystemExit):
        return _msg(
            "failed",
            f"your code called sys.exit({e.code!r}) or exit(): return a value instead",
            f"你的代码调用了 sys.exit({e.code!r}) 或 exit()：请返回结果而不是退出",
        )
    if isinstance(e, OSError) and e.errno == 27:  # EFBIG: OUTPUT_LIMIT reached, by a print or a file
        line = _learner_source_line(excinfo, folder)
        if "print" in line or not line:
            return _msg(
                "failed",
                f"your code printed more than {OUTPUT_LIMIT >> 20} MiB: remove the print in the loop",
                f"你的代码输出超过 {OUTPUT_LIMIT >> 20} MiB：请删掉循环里的 print",
            )
        return _msg(
            "failed",
            f"your code wrote a file larger than {OUTPUT_LIMIT >> 20} MiB: write less (at {line.strip()[:80]})",
            f"你的代码写了一个超过 {OUTPUT_LIMIT >> 20} MiB 的文件：请少写一些（{line.strip()[:80]}）",
        )
    if isinstance(e, OSError) and e.errno == 28:  # ENOSPC: the child's private tmpfs (DISK_LIMIT) is full
        return _msg(
            "failed",
            f"your code wrote more than {DISK_LIMIT >> 20} MiB of files during {item.name}: write less, or delete "
            "what you no longer need",
            f"你的代码写入的文件超过 {DISK_LIMIT >> 20} MiB{f' during {item.name}'}：请少写一些，或删掉不再需要的文件",
        )
    first = text.splitlines()[0] if text else ""
    line = _learner_line(excinfo, folder)
    return _msg("failed", f"{excinfo.typename}: {first}"[:300] + (f" ({line})" if line else ""))


def _learner_stopped(text: str) -> dict | None:
    """The failures _learner_code turned pytest's own instructions into."""
    if "KeyboardInterrupt" in text:
        return _msg("failed", "your code raised KeyboardInterrupt", "你的代码抛出了 KeyboardInterrupt")
    for call in ("pytest.exit()", "pytest.skip()", "pytest.xfail()"):
        if text == f"learner code called {call}":
            return _msg(
                "failed",
                f"your code called {call}: a graded test passes only by running to its end",
                f"你的代码调用了 {call}：测试只有完整运行才算通过",
            )
    return None


def _not_gradable(e: BaseException) -> bool:
    """Instructor mode's own refusal, raised in this process (the trusted driver); never a worker's KataFailure,
    which remote.TrustedPeer rebuilds as a plain one."""
    remote = sys.modules.get("katas.remote")
    return remote is not None and isinstance(e, remote.InstructorUnsupported)


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


def _raised_after_code(e: BaseException, target: Path) -> str | None:
    """file:line where a function of the graded folder that does more than a stub (a docstring, then
    `raise NotImplementedError`) raised the NotImplementedError in e's chain, else None."""
    seen = set()
    while e is not None and id(e) not in seen and not isinstance(e, NotImplementedError):
        seen.add(id(e))
        e = e.__cause__ or e.__context__
    tb = e.__traceback__ if e is not None else None
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None or Path(tb.tb_frame.f_code.co_filename).parent.resolve() != target:
        return None
    code = tb.tb_frame.f_code
    if set(code.co_names) <= {"NotImplementedError"} and {i.opname for i in dis.get_instructions(code)} <= _STUB_OPS:
        return None
    return where(Path(code.co_filename), tb.tb_lineno)


# what a stub's body compiles to, in the Pythons the workbook runs on
_STUB_OPS = frozenset({"RESUME", "NOP", "CACHE", "LOAD_GLOBAL", "LOAD_NAME", "LOAD_CONST", "PUSH_NULL", "PRECALL",
                       "CALL", "CALL_FUNCTION", "RAISE_VARARGS", "RETURN_VALUE", "RETURN_CONST", "COPY_FREE_VARS",
                       "MAKE_CELL", "EXTENDED_ARG", "NOT_TAKEN"})


def _learner_source_line(excinfo, target: Path) -> str:
    """The source text of the deepest line in the graded folder ('' when the error did not pass there)."""
    frames = [f for f in traceback.extract_tb(excinfo.tb) if Path(f.filename).parent.resolve() == target]
    return (frames[-1].line or "") if frames else ""


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
    elif report.skipped and r["outcome"] == "passed":  # graded tests never skip: see _learner_code
        r["outcome"] = "failed"
        r.update(_msg("failed", f"the test was skipped ({_skip_reason(report)}): a skip never counts as a pass",
                      f"测试被跳过了（{_skip_reason(report)}）：跳过不算通过"))
    if report.when == "teardown":
        result = rec.results.pop(report.nodeid)
        rec.last_status = result.get("status", "passed")
        rec.write(event="result", nodeid=report.nodeid, **result)


def _longrepr_line(report) -> str:
    text = getattr(report, "longreprtext", "") or "failed"
    lines = [ln for ln in text.splitlines() if ln.startswith("E ")]
    return (lines[0][1:].strip() if lines else text.splitlines()[-1])[:300]


def _skip_reason(report) -> str:
    lr = report.longrepr
    return lr[2] if isinstance(lr, tuple) and len(lr) == 3 else "skipped"
