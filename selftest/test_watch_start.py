"""--watch without a test server (grading faked): what it grades at start, and that one save is one check."""

import io
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from katas import catalog as catalog_mod
from katas import watch
from katas.results import ExerciseResult, GradingResults

ROOT = Path(__file__).resolve().parent.parent
CATALOG = catalog_mod.load()
FILE = "ch3_2_linear_regression_scratch.py"


@pytest.fixture
def watcher(tmp_path, monkeypatch):
    """A Watcher over a copy of exercises/ whose grade() records what it was asked (and the file then)."""
    monkeypatch.setenv("KATAS_STATE", str(tmp_path / "state"))
    target = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", target, ignore=shutil.ignore_patterns("__pycache__"))
    calls = []

    def grade(todo, folder, target_arg, seed, **kwargs):
        calls.append(([ex.id for ex in todo], (folder / FILE).read_text(encoding="utf-8")))
        results = [ExerciseResult(ex.id, ex.name, ex.file, ex.points, ex.points, "passed", "") for ex in todo]
        return GradingResults(target_arg, seed, ["cpu"], results), SimpleNamespace(logs={}, walls={})

    server = SimpleNamespace(procs=[SimpleNamespace(poll=lambda: None)], close=lambda: None)
    monkeypatch.setattr(watch, "grade", grade)
    monkeypatch.setattr(watch, "server_for", lambda *a, **k: server)

    def make():
        w = watch.Watcher(CATALOG, CATALOG.exercises, target, "exercises", "en", seed=1, out=io.StringIO())
        w.calls = calls
        return w

    return make, target


def solve(target: Path, name: str, body: str) -> None:
    path = target / FILE
    text = path.read_text(encoding="utf-8")
    start = text.index(f"def {name}(")
    end = text.index("\ndef ", start + 1)
    head = text[start : text.index("\n", start) + 1]
    path.write_text(text[:start] + head + body + "\n\n" + text[end:], encoding="utf-8")


def test_a_fresh_workbook_starts_at_once_and_says_why_it_grades(watcher):
    make, target = watcher
    w = make()
    w.start()  # a fresh workbook: every exercise an untouched stub, nothing to run
    out = w.out.getvalue()
    assert w.calls == [] and "grading the" not in out
    assert out.count("not started") == len(CATALOG.exercises) and "next: synthetic_data" in out

    solve(target, "squared_loss", "    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2")
    w = make()
    w.start()  # one exercise edited since the last grade: that one is graded, and the learner told why
    assert [ids for ids, _ in w.calls] == [["squared_loss"]]
    assert "grading the 1 exercise(s) changed since their last grade: squared_loss (untouched" in w.out.getvalue()


def test_one_save_is_checked_once(watcher, monkeypatch):
    make, target = watcher
    w = make()
    w.start()
    path = target / FILE
    # an atomic-rename save, then the editor touches the file again: the same content, one check
    solve(target, "squared_loss", "    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2")
    tmp = path.with_suffix(".swp")
    tmp.write_bytes(path.read_bytes())
    os.replace(tmp, path)
    assert w.poll()
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**6))
    assert not w.poll()
    assert len(w.calls) == 1 and "squared_loss" in w.calls[0][0]

    # a save in two writes (truncated, then the whole file): checked once, on the whole file
    whole = path.read_text(encoding="utf-8").replace("** 2 / 2", "** 2 / 2.0")
    path.write_text(whole[:100], encoding="utf-8")
    second = [whole]

    def sleep(seconds):  # the editor's second write lands while the watcher waits for the file to settle
        if second:
            path.write_text(second.pop(), encoding="utf-8")

    monkeypatch.setattr(watch.time, "sleep", sleep)
    assert w.poll()
    assert len(w.calls) == 2 and w.calls[-1][1] == whole


def test_a_save_undone_while_its_check_ran_is_checked_again(watcher, monkeypatch):
    """Red team 131: a fix saved while a check ran was what that check's child copied, and its undo, the checked
    bytes again within REPEAT, was taken for the same save: the broken file showed the fix's pass. A check during
    which the folder changed is no check of those bytes: the next look checks them."""
    make, target = watcher
    w = make()
    w.start()
    path = target / FILE
    solve(target, "squared_loss", "    return None")
    broken = path.read_bytes()
    grade = watch.grade

    def grade_while_saving(todo, folder, *args, **kwargs):
        path.write_bytes(broken.replace(b"return None", b"return 0000"))  # the fix, then its undo
        time.sleep(0.03)  # (past a coarse clock's tick)
        path.write_bytes(broken)
        return grade(todo, folder, *args, **kwargs)

    monkeypatch.setattr(watch, "grade", grade_while_saving)
    assert w.poll()
    monkeypatch.setattr(watch, "grade", grade)
    assert w.poll() and len(w.calls) == 2 and w.calls[-1][1] == broken.decode("utf-8")


LOSES_ITS_PIPE = '''import os as _o, stat as _s, fcntl as _f, time as _t
for _n in _o.listdir("/proc/self/fd"):  # closes its record pipe at import, then lives on: the runner gives up on it
    try:
        _fd = int(_n)
        if _s.S_ISFIFO(_o.fstat(_fd).st_mode) and (_f.fcntl(_fd, _f.F_GETFL) & 3) == _o.O_WRONLY:
            _o.close(_fd)
    except OSError:
        pass
_t.sleep(6)
'''


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="/proc")
def test_a_late_exit_of_an_earlier_gradings_job_ends_no_job_of_a_later_one(tmp_path):
    """Red team 140: a file whose children closed their record pipe and lived on were given up on; the server's late
    report of their exit stayed queued, and the next grading on the same server (--watch), numbering its jobs from 1
    again, took it for its own job 1's: a correct file's every exercise "crashed", and was remembered so. Job numbers
    run over the server's life, and a child given up on is killed."""
    from grading import patched_target

    from katas.grading import grade, server_for

    seed = 7

    target = patched_target(tmp_path, {})
    hostile = target / "ch3_2_argument_passing.py"
    hostile.write_text(LOSES_ITS_PIPE + hostile.read_text(encoding="utf-8"), encoding="utf-8")
    exercises = [ex for ex in catalog_mod.load().exercises if ex.file in (hostile.name, "ch11_3_gd.py")]
    server = server_for(exercises, target, seed)
    try:
        first, _ = grade([ex for ex in exercises if ex.file == hostile.name], target, str(target), seed,
                         server=server, remember=False)
        assert all(r.status != "passed" for r in first.exercises)  # (its own loss)
        began = time.monotonic()
        second, _ = grade([ex for ex in exercises if ex.file == "ch11_3_gd.py"], target, str(target), seed,
                          server=server, remember=False)
        assert all(r.status == "passed" for r in second.exercises), [(r.id, r.message) for r in second.exercises]
        while time.monotonic() < began + 4:  # (the late exits, had they come after this grading)
            time.sleep(0.5)
    finally:
        server.close()
