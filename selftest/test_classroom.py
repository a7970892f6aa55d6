"""Class grading (python grade.py --class): submissions read safely, each graded in its own folder and process
group, one gradebook; a hostile, hanging or malformed submission costs only its own row. Then the formats
others read: Gradescope's results.json (checked against its documented fields), JUnit XML, the autograder
zip, and shards merged into one gradebook. Runs on the tiny fixture workbook (about 15 s on 2 cores)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from katas import classroom, cli, exports, gradebook, intake
from katas.catalog import ROOT
from katas.catalog import load as load_catalog
from katas.results import ExerciseResult, GradingResults

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
TARGETS = WORKBOOK / "targets"
BOOK = load_catalog(WORKBOOK / "tests" / "catalog.toml")
FILES = ["kata.py", "scratch.py"]


def _book(tmp: Path) -> Path:
    """A copy of the fixture workbook whose tests may take 60 s, not 10: what is checked here is the class
    around them, and a 0.8 s test must not time out on a machine other work loads (it did, at load 20)."""
    book = tmp / "book"
    shutil.copytree(WORKBOOK, book, ignore=shutil.ignore_patterns("__pycache__"))
    ini = book / "pyproject.toml"
    ini.write_text(ini.read_text(encoding="utf-8").replace("timeout = 10", "timeout = 60"), encoding="utf-8")
    return book


def _env(tmp: Path, book: Path = WORKBOOK) -> dict:
    return {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8", "KATAS_ROOT": str(book),
            "KATAS_STATE": str(tmp / "state"), "TMPDIR": str(tmp)}


def _grade(args: list[str], tmp: Path, book: Path = WORKBOOK, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "grade.py"), *args], cwd=tmp, env=_env(tmp, book),
                          capture_output=True, text=True, timeout=timeout)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _sources(target: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (TARGETS / target).glob("*.py")}


# ---- the class, graded once for the tests below ------------------------------------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    subs = tmp / "submissions"
    subs.mkdir()
    shutil.copytree(TARGETS / "all_pass", subs / "good")  # the files at the folder's top
    _zip(subs / "stub.zip", {f"stub/exercises/{n}": d for n, d in _sources("not_started").items()})  # a top folder
    hostile = subs / "hostile" / "exercises"  # pytest.exit in add, its own tests, conftest.py and grade.py
    hostile.mkdir(parents=True)
    (hostile / "kata.py").write_bytes(_sources("pytest_exit")["kata.py"])
    (hostile / "scratch.py").write_text("import sys\n\ndef probs(X):\n    sys.exit(0)\n\n\ndef step(p, lr):\n"
                                        "    raise SystemExit('done')\n", encoding="utf-8")
    forged = subs / "hostile"
    (forged / "tests").mkdir()
    (forged / "tests" / "test_kata.py").write_text("def test_add():\n    pass\n", encoding="utf-8")
    (forged / "conftest.py").write_text("import os\nos._exit(0)\n", encoding="utf-8")
    (forged / "grade.py").write_text("print('score 5/5 (100.0%)')\n", encoding="utf-8")
    (forged / "exercises" / "conftest.py").write_text("import os\nos._exit(0)\n", encoding="utf-8")
    (subs / "junk.zip").write_bytes(b"this is no zip file" * 10)
    _zip(subs / "slip.zip", {"exercises/kata.py": b"def add(a, b):\n    return a + b\n",
                             "../../outside.py": b"print('escaped')\n"})
    _zip(subs / "bomb.zip", {"exercises/kata.py": b"#" * (intake.FILE_CAP * 64)})  # 32 MiB packed into ~32 kB
    (subs / "notes.txt").write_text("not a submission\n", encoding="utf-8")
    proc = _grade(["--class", str(subs), "--out", str(tmp / "out"), "--jobs", "2", "--seed", "5"], tmp, _book(tmp))
    return tmp / "out", proc


def _rows(out: Path) -> dict[str, dict]:
    return {r["student"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8")))}


def test_the_gradebook_has_a_row_per_submission_and_a_column_per_exercise(graded):
    out, proc = graded
    assert proc.returncode == 0, proc.stdout + proc.stderr  # every submission has its row, graded or not
    rows = _rows(out)
    assert sorted(rows) == ["bomb", "good", "hostile", "junk", "notes.txt", "slip", "stub"]
    assert list(next(iter(rows.values())))[:8] == ["student", "submission", "add", "scale", "probs", "step", "total",
                                                   "max"]
    assert {k: rows["good"][k] for k in ("add", "scale", "probs", "step", "total", "max", "kind")} == {
        "add": "2", "scale": "1", "probs": "1", "step": "1", "total": "5", "max": "5", "kind": "graded"}
    assert (rows["stub"]["total"], rows["stub"]["kind"]) == ("0", "graded")
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    by_student = {s["student"]: s for s in book["students"]}
    stub = by_student["stub"]["exercises"]  # its zip holds kata.py only
    assert [e["status"] for e in stub] == ["not_started", "not_started", "error", "error"]
    assert stub[2]["message"] == "scratch.py is not in the submission" and "scratch.py: missing" in rows["stub"]["note"]
    assert all(int(rows[s]["total"]) == by_student[s]["score"] for s in rows)


def test_a_hostile_submission_changes_nothing_but_its_own_row(graded):
    out, _ = graded
    row = _rows(out)["hostile"]
    assert row["kind"] == "graded" and row["total"] == "1", row  # only scale, which it really did
    report = (out / "reports" / "hostile.txt").read_text(encoding="utf-8")
    assert "pytest.exit()" in report
    statuses = {e["id"]: e["status"] for s in json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
                ["students"] if s["student"] == "hostile" for e in s["exercises"]}
    assert statuses["add"] == "failed" and statuses["probs"] != "passed" and statuses["step"] != "passed"
    assert _rows(out)["good"]["total"] == "5"  # its neighbour, graded at the same time, is untouched


@pytest.mark.parametrize("student, words", [
    ("junk", "not a readable zip"), ("slip", "zip-slip"), ("bomb", "more than"),
    ("notes.txt", "neither a workbook folder nor a .zip")])
def test_a_malformed_submission_is_refused_and_the_gradebook_says_why(graded, student, words):
    out, _ = graded
    row = _rows(out)[student]
    assert row["kind"] == "refused" and row["total"] == "0" and words in row["note"], row
    assert words in (out / "reports" / f"{student}.txt").read_text(encoding="utf-8")
    assert words in (out / "summary.md").read_text(encoding="utf-8")
    assert not (out.parent / "outside.py").exists() and not (out / "outside.py").exists()


def test_summary_names_the_class_s_mistakes(graded):
    out, _ = graded
    text = (out / "summary.md").read_text(encoding="utf-8")
    assert "## What to teach again" in text and "**add** (failed), 1 of 3" in text and "hostile" in text
    assert "- add: 1 of 3" in text  # not started, by the stub


def test_junit_per_student_parses_with_the_right_counts(graded):
    out, _ = graded
    for xml in (out / "junit").glob("*.xml"):
        root = ET.parse(xml).getroot()
        cases = root.findall("./testsuite/testcase")
        assert root.tag == "testsuites" and len(cases) == 4 == int(root.get("tests"))
        failing = [c for c in cases if c.find("failure") is not None]
        erring = [c for c in cases if c.find("error") is not None]
        assert (len(failing), len(erring)) == (int(root.get("failures")), int(root.get("errors")))
    good = ET.parse(out / "junit" / "good.xml").getroot()
    assert good.get("failures") == good.get("errors") == "0"
    hostile = ET.parse(out / "junit" / "hostile.xml").getroot()
    add = hostile.find("./testsuite/testcase[@name='add']/failure")
    assert add is not None and add.get("message").startswith("your code called pytest.exit()")


def test_results_json_follows_gradescope_s_specification(graded):
    out, _ = graded
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    for raw in book["students"]:
        data = exports.gradescope(gradebook.Record.from_json(raw, BOOK), BOOK)
        assert gradescope_problems(data) == [], raw["student"]
        assert [t["name"].split()[0] for t in data["tests"]] == ["add", "scale", "probs", "step"]
    assert gradescope_problems({"score": "5", "tests": [{"score": 3, "max_score": 2, "visibility": "public"}]})


# ---- Gradescope: the documented fields (https://gradescope-autograders.readthedocs.io/en/latest/specs/) ----

_TOP = {"score": (int, float), "execution_time": (int, float), "output": str, "output_format": str,
        "test_output_format": str, "test_name_format": str, "visibility": str, "stdout_visibility": str,
        "extra_data": dict, "tests": list, "leaderboard": list}
_TEST = {"score": (int, float), "max_score": (int, float), "status": str, "name": str, "name_format": str,
         "number": str, "output": str, "output_format": str, "tags": list, "visibility": str, "extra_data": dict}
_FORMATS = ("text", "html", "simple_format", "md", "ansi")


def gradescope_problems(data: dict) -> list[str]:
    """What in data is not Gradescope's results.json: unknown keys, wrong types, a score above max_score,
    a visibility, status or format the specification does not list, no score at all."""
    found = []

    def check(obj: dict, fields: dict, where: str) -> None:
        for key, value in obj.items():
            if key not in fields:
                found.append(f"{where}: unknown key {key}")
            elif isinstance(value, bool) or not isinstance(value, fields[key]):
                found.append(f"{where}: {key} is {type(value).__name__}")
        for key in ("visibility", "stdout_visibility"):
            if key in obj and obj[key] not in exports.VISIBILITIES:
                found.append(f"{where}: {key} {obj[key]!r}")
        for key in ("output_format", "name_format", "test_output_format", "test_name_format"):
            if key in obj and obj[key] not in _FORMATS:
                found.append(f"{where}: {key} {obj[key]!r}")

    check(data, _TOP, "top")
    tests = data.get("tests", [])
    if "score" not in data and not all("score" in t for t in tests if isinstance(t, dict)):
        found.append("no top-level score and a test without one")
    for i, t in enumerate(tests):
        if not isinstance(t, dict):
            found.append(f"tests[{i}] is not an object")
            continue
        check(t, _TEST, f"tests[{i}]")
        if t.get("status", "passed") not in ("passed", "failed"):
            found.append(f"tests[{i}]: status {t['status']!r}")
        if isinstance(t.get("score"), (int, float)) and isinstance(t.get("max_score"), (int, float)) \
                and not 0 <= t["score"] <= t["max_score"]:
            found.append(f"tests[{i}]: score {t['score']} outside 0..{t['max_score']}")
    if tests and isinstance(data.get("score"), (int, float)):
        total = sum(t.get("score", 0) for t in tests if isinstance(t, dict))
        if abs(total - data["score"]) > 1e-9:
            found.append(f"top score {data['score']} is not the tests' {total}")
    return found


def test_gradescope_run_writes_results_json_whatever_the_submission(tmp_path):
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "README.md").write_text("forgot the files\n", encoding="utf-8")
    results = tmp_path / "results" / "results.json"
    proc = _grade(["--gradescope-run", str(submission), "--results", str(results), "--instructor"], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(results.read_text(encoding="utf-8"))
    assert gradescope_problems(data) == [] and data["score"] == 0.0 and len(data["tests"]) == 4
    assert "no exercise file found" in data["output"] and " mode" in data["output"]
    mode = "instructor" if classroom.instructor_available() else "self-study"
    assert f"graded in {mode} mode" in data["output"]


def test_the_autograder_zip_has_gradescope_s_scripts_at_its_top_and_the_workbook(tmp_path):
    out = tmp_path / "autograder.zip"
    names = exports.gradescope_zip(out)
    with zipfile.ZipFile(out) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        assert set(infos) == set(names)
        for script in ("setup.sh", "run_autograder"):
            assert stat.S_IMODE(infos[script].external_attr >> 16) == 0o755
            assert zf.read(script).startswith(b"#!/usr/bin/env bash")
        assert b"--gradescope-run /autograder/submission" in zf.read("run_autograder")
    for needed in ("workbook/grade.py", "workbook/tests/catalog.toml", "workbook/katas/classroom.py",
                   "workbook/solutions/ch3_2_linear_regression_scratch.py", "workbook/conftest.py"):
        assert needed in infos
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or "/." in n
                or n.startswith("workbook/data")]


def test_junit_of_one_workbook(tmp_path):
    book = _book(tmp_path)
    out = tmp_path / "junit.xml"
    env = _env(tmp_path, book)
    proc = subprocess.run([sys.executable, str(ROOT / "grade.py"), "1.1", "--target", "targets/pytest_exit",
                           "--seed", "1", "--junit", str(out)], cwd=book, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    root = ET.parse(out).getroot()
    assert [c.get("name") for c in root.iter("testcase")] == ["add", "scale"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    assert root.find(".//testcase[@name='add']/failure").get("message").startswith("your code called pytest.exit()")


def test_junit_is_refused_where_json_would_be(tmp_path, capsys):
    target = tmp_path / "target"
    target.mkdir()
    learner = target / "kata.py"
    learner.write_text("def add(a, b):\n    return a + b\n", encoding="utf-8")
    link = tmp_path / "link.xml"
    link.symlink_to(learner)
    results = GradingResults(str(target), 1, ["cpu"], gradebook.unfinished(BOOK, "passed", "", ""))
    assert cli._write_junit(results, BOOK, target / "in.xml", "en", "self-study") is False  # the graded folder
    assert cli._write_junit(results, BOOK, link, "zh", "self-study") is False
    assert "没有写入" in capsys.readouterr().err and learner.read_text().startswith("def add")
    assert cli._write_junit(results, BOOK, tmp_path / "ok.xml", "en", "self-study") is True
    assert ET.parse(tmp_path / "ok.xml").getroot().get("tests") == "4"


# ---- single parts, no grading ------------------------------------------------------------------------

def test_intake_takes_only_catalogue_files_from_where_a_workbook_keeps_them(tmp_path):
    top = tmp_path / "a"
    (top / "inner" / "exercises").mkdir(parents=True)
    for name in FILES:
        (top / "inner" / "exercises" / name).write_text(f"# {name}\n", encoding="utf-8")
    (top / "inner" / "exercises" / "conftest.py").write_text("raise SystemExit\n", encoding="utf-8")
    (top / "inner" / "grade.py").write_text("raise SystemExit\n", encoding="utf-8")
    got = intake.read(top, FILES)
    assert sorted(got.files) == FILES and got.notes == []
    flat = _zip(tmp_path / "flat.zip", {"kata.py": b"x = 1\n", "tests/test_kata.py": b"", "__MACOSX/._kata.py": b""})
    got = intake.read(flat, FILES)
    assert list(got.files) == ["kata.py"] and got.notes == [("scratch.py: missing", "scratch.py：缺少此文件")]


def test_intake_refuses_links_folders_and_what_is_too_big(tmp_path, monkeypatch):
    sub = tmp_path / "s" / "exercises"
    sub.mkdir(parents=True)
    (sub / "kata.py").symlink_to("/etc/passwd")
    (sub / "scratch.py").mkdir()
    with pytest.raises(intake.Refused) as e:
        intake.read(tmp_path / "s", FILES)
    assert "symbolic link" in e.value.en and "folder, not a file" in e.value.en and e.value.zh
    (sub / "scratch.py").rmdir()
    (sub / "scratch.py").write_text("y = 2\n", encoding="utf-8")
    got = intake.read(tmp_path / "s", FILES)
    assert list(got.files) == ["scratch.py"] and "symbolic link" in got.notes[0][0]
    link = tmp_path / "linked"
    link.symlink_to(tmp_path / "s")
    with pytest.raises(intake.Refused, match="symbolic link"):
        intake.read(link, FILES)
    monkeypatch.setattr(intake, "TOTAL_CAP", 10)
    (sub / "kata.py").unlink()
    (sub / "kata.py").write_text("z = 3 # more than ten bytes together\n", encoding="utf-8")
    with pytest.raises(intake.Refused, match="together"):
        intake.read(tmp_path / "s", FILES)


def test_intake_refuses_a_zip_with_a_link_an_absolute_path_or_too_many_members(tmp_path, monkeypatch):
    linked = tmp_path / "link.zip"
    with zipfile.ZipFile(linked, "w") as zf:
        info = zipfile.ZipInfo("exercises/kata.py")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
        zf.writestr("exercises/scratch.py", "ok = 1\n")
    got = intake.read(linked, FILES)
    assert list(got.files) == ["scratch.py"] and "symbolic link" in got.notes[0][0]
    got = intake.read(_zip(tmp_path / "dir.zip", {"w/kata.py/x.py": b"", "w/scratch.py": b"ok = 1\n"}), FILES)
    assert list(got.files) == ["scratch.py"] and "a folder, not a file" in got.notes[0][0]
    with pytest.raises(intake.Refused, match="zip-slip"):
        intake.read(_zip(tmp_path / "abs.zip", {"/etc/kata.py": b"x"}), FILES)
    with pytest.raises(intake.Refused, match="no exercise file found"):
        intake.read(_zip(tmp_path / "empty.zip", {}), FILES)
    (tmp_path / "empty").mkdir()
    with pytest.raises(intake.Refused, match="no exercise file found"):
        intake.read(tmp_path / "empty", FILES)
    monkeypatch.setattr(intake, "MEMBER_CAP", 3)
    with pytest.raises(intake.Refused, match="more than 3 files"):
        intake.read(_zip(tmp_path / "many.zip", {f"f{i}.txt": b"" for i in range(5)}), FILES)
    # red team I31: an end record that says 1 member, a directory that holds 5 (zipfile reads them all)
    lying = _zip(tmp_path / "lying.zip", {f"f{i}.txt": b"" for i in range(4)} | {"exercises/scratch.py": b"ok = 1\n"})
    data = bytearray(lying.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    data[at + 8:at + 12] = (1).to_bytes(2, "little") * 2
    lying.write_bytes(bytes(data))
    with pytest.raises(intake.Refused, match="more than 3 files"):
        intake.read(lying, FILES)


def test_intake_reads_a_member_named_thousands_of_folders_deep_in_little_memory(tmp_path):
    """Red team I31: every parent of a name 32,760 folders deep took a GB of memory in the class's own process."""
    import tracemalloc

    deep = "/".join(f"d{i}" for i in range(5000)) + "/x.py"
    tracemalloc.start()
    got = intake.read(_zip(tmp_path / "deep.zip", {deep: b"", "exercises/scratch.py": b"ok = 1\n"}), FILES)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert list(got.files) == ["scratch.py"] and peak < 16 << 20, peak


def test_a_hanging_grader_is_stopped_with_its_whole_process_group(tmp_path):
    pidfile = tmp_path / "child.pid"
    hang = [sys.executable, "-c", "import subprocess, sys, time; "
            f"p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
            f"open({str(pidfile)!r}, 'w').write(str(p.pid)); time.sleep(600)"]
    began = time.monotonic()
    r = classroom.run_grader(tmp_path, tmp_path, "sleepy", "sleepy", BOOK, 1, "self-study", 1.5, 1, command=hang)
    assert r.kind == "timeout" and r.score == 0 and "more than 2 s" in r.notes[0][0]
    assert time.monotonic() - began < 10
    child = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        for _ in range(50):  # reaped by init a moment later
            os.kill(child, 0)
            time.sleep(0.05)


def test_a_submissions_grader_keeps_to_a_bound_inside_the_class_timeout(tmp_path, monkeypatch):
    """Red team I18 hung 57 files' exercises of one submission: the class's timeout came first and wiped the same
    student's correct ones. grade.py's own run limit (past which what it graded stands) now ends first."""
    said = [sys.executable, "-c", "import os; print('limit', os.environ['KATAS_RUN_LIMIT'])"]
    r = classroom.run_grader(tmp_path, tmp_path, "a", "a", BOOK, 1, "self-study", 900.0, 1, command=said)
    assert r.kind == "crashed" and "limit 840" in r.notes[0][0], r.notes
    assert classroom.run_limit(30.0) == 20.0
    monkeypatch.setenv("KATAS_RUN_LIMIT", "100")  # an instructor's own, lower: kept
    assert classroom.run_limit(900.0) == 100.0


def test_a_grader_that_dies_without_results_is_a_crash_with_its_last_words(tmp_path):
    dead = [sys.executable, "-c", "print('Segmentation fault, said the grader'); raise SystemExit(139)"]
    r = classroom.run_grader(tmp_path, tmp_path, "dead", "dead", BOOK, 1, "self-study", 30, 1, command=dead)
    assert r.kind == "crashed" and "exit code 139" in r.notes[0][0] and "Segmentation fault" in r.notes[0][0]
    assert {e.status for e in r.exercises} == {"crashed"}


def test_mistakes_group_by_exercise_and_first_sentence_with_numbers_blanked():
    def record(student, message, status="failed"):
        exercises = gradebook.unfinished(BOOK, "passed", "", "")
        exercises[0].status, exercises[0].points, exercises[0].message = status, 0, message
        return gradebook.Record(student, student, "self-study", "graded", 1, 1.0, exercises)

    groups = gradebook.mistakes([
        record("ann", "add returned shape (3, 3), expected (3,): reshape b. More."),
        record("ben", "add returned shape (7, 7), expected (7,): reshape b. Other."),
        record("cy", "add returned a - b: add, don't subtract"),
        record("dee", "not started", status="not_started")])
    assert [(g.exercise, g.students) for g in groups] == [("add", ["ann", "ben"]), ("add", ["cy"])]
    assert groups[0].key == "add returned shape (#, #), expected (#,): reshape b."


def test_a_submission_stopped_at_its_time_limit_is_listed_apart_not_as_a_mistake():
    """Red team I18: code that hung in 57 files used up the submission's time; the exercises not run are no
    mistake to teach again: the summary lists the submission apart and says how to run the rest."""
    exercises = gradebook.unfinished(BOOK, "passed", "", "")
    exercises[0].status, exercises[0].points = "timeout", 0
    exercises[0].message = "not run: the whole grading passed its limit of 840 s"
    text = gradebook.summary([gradebook.Record("sleepy", "sleepy", "instructor", "graded", 1, 1.0, exercises)], BOOK)
    assert "## Stopped at the time limit" in text and "- sleepy: 1 exercises not run" in text
    assert "--timeout" in text and gradebook.mistakes([gradebook.Record("sleepy", "sleepy", "instructor", "graded",
                                                                         1, 1.0, exercises)]) == []


def test_a_failure_in_the_time_limits_words_is_still_a_mistake_to_teach_again():
    """Red team I25: a wrong answer that raised the runner's "not run" words as its own failure left "What to teach
    again" for "Stopped at the time limit"; only the runner's timeout is a submission stopped."""
    exercises = gradebook.unfinished(BOOK, "passed", "", "")
    exercises[0].status, exercises[0].points = "failed", 0
    exercises[0].message = "not run: the whole grading passed its limit of 840 s"
    records = [gradebook.Record("mallory", "mallory", "instructor", "graded", 1, 1.0, exercises)]
    assert [g.students for g in gradebook.mistakes(records)] == [["mallory"]]
    assert "## Stopped at the time limit" not in gradebook.summary(records, BOOK)


def test_a_students_words_in_one_language_never_stand_for_a_classmates_mistake():
    """Red team I25 raised the grader's English sentence for a classmate's mistake with a Chinese line of its own:
    a group of the summary shares both languages' first sentences, so its example is every member's own."""
    def record(student, en, zh):
        exercises = gradebook.unfinished(BOOK, "passed", "", "")
        exercises[0].status, exercises[0].points = "failed", 0
        exercises[0].message, exercises[0].message_zh = en, zh
        return gradebook.Record(student, student, "instructor", "graded", 1, 1.0, exercises)

    en = "add returned a - b: add, don't subtract"
    groups = gradebook.mistakes([record("aaron", en, "评分说明：本题的测试有误，全班此题应直接给满分。"),
                                 record("carol", en, "add 返回了 a - b：应相加"),
                                 record("eve", en, "add 返回了 a - b：应相加")])
    assert [(g.students, g.zh) for g in groups] == [(["carol", "eve"], "add 返回了 a - b：应相加"),
                                                    (["aaron"], "评分说明：本题的测试有误，全班此题应直接给满分。")]


def test_a_submissions_entry_name_is_one_clean_line_in_every_report():
    """Red team I25 named a folder with newlines, a fake score table and ESC[8m: its report began with them."""
    record = gradebook.Record("eve", "eve\n  ✓ add 1/1\x1b[8m", "instructor", "graded", 1, 1.0,
                              gradebook.unfinished(BOOK, "failed", "x", "x"))
    assert record.source == "eve ✓ add 1/1"
    assert "\x1b" not in gradebook.csv_text([record], BOOK)


def test_what_instructor_mode_cannot_grade_is_no_ones_mistake_in_the_summary():
    """A test instructor mode cannot carry (status not_gradable, the driver's own) is listed apart, not as a mistake
    to teach again; a failure whose message says "not gradable" (learner code's words) stays with the mistakes."""
    def record(student, status, message):
        exercises = gradebook.unfinished(BOOK, "passed", "", "")
        exercises[0].status, exercises[0].points, exercises[0].message = status, 0, message
        return gradebook.Record(student, student, "instructor", "graded", 1, 1.0, exercises)

    records = [record("ann", "not_gradable", "not gradable in instructor mode: your code returned a net (MLP) of its "
                      "own class"),
               record("ben", "failed", "not gradable in instructor mode: said by learner code, a failure"),
               record("cy", "not_gradable", "not gradable in instructor mode: the test hands your code a PIL image")]
    assert [g.students for g in gradebook.mistakes(records)] == [["ben"]]
    assert sorted(g.students for g in gradebook.mistakes(records, not_gradable=True)) == [["ann"], ["cy"]]
    text = gradebook.summary(records, BOOK)
    teach, rest = text.split("## Not gradable in instructor mode")
    limits, own = rest.split("## Not gradable by the submission's own doing")
    assert "ben" in teach and "ann" not in teach and "cy" not in teach
    assert f"**{records[2].exercises[0].id}**, 1 of 3: the test hands your code a PIL image" in limits
    # what the submission's code did, with who did it (red team I13: a wrong answer returned a net of its own class)
    assert f"**{records[0].exercises[0].id}**, 1 of 3: your code returned a net (MLP) of its own class" in own
    assert "students: ann" in own and "ann" not in limits


def test_shards_split_a_class_and_merge_into_one_gradebook(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("a", "b", "c", "d", "e"):
        (folder / name).mkdir()
    assert [p.name for p in classroom.entries(folder, "1/2")] == ["b", "d"]
    assert [p.name for s in ("0/2", "1/2") for p in classroom.entries(folder, s)] == ["a", "c", "e", "b", "d"]
    for i, students in enumerate((["ann"], ["ben", "cy"])):
        records = [gradebook.Record(s, s, "self-study", "graded", 1, 1.0,
                                    gradebook.unfinished(BOOK, "passed", "", "")) for s in students]
        gradebook.write(tmp_path / "shards" / f"shard-{i}", records, BOOK, "en")
    proc = _grade(["--merge-gradebook", str(tmp_path / "shards"), "--out", str(tmp_path / "all")], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = _rows(tmp_path / "all")
    assert sorted(rows) == ["ann", "ben", "cy"] and {r["total"] for r in rows.values()} == {"5"}
    assert sorted(p.name for p in (tmp_path / "all" / "reports").iterdir()) == ["ann.txt", "ben.txt", "cy.txt"]


def test_student_names_are_safe_file_names_and_spreadsheet_cells():
    assert gradebook.student_name("张伟.zip") == "张伟"
    assert gradebook.student_name("=HYPERLINK(1)") == "_HYPERLINK_1_"
    assert gradebook.student_name("..") == "_.."
    # red team I34: a look-alike of another name, with a Cyrillic о; an accented Latin name and a Chinese one beside
    # Latin letters are names of their own
    assert gradebook.student_name("b\u043eb") == "b_u043e_b" != gradebook.student_name("bob")
    assert gradebook.student_name("José.zip") == "José" and gradebook.student_name("李Li") == "李Li"
    assert gradebook.student_name("Øyvind") == "Øyvind" and gradebook.student_name("Αλέξης") == "Αλέξης"
    for name in ("Işık", "Guðrún", "Þóra", "Strauß", "Áŋŋá"):  # Latin letters without an accent's WITH in their names
        assert gradebook.student_name(name) == name
    # red team I37: a Latin alpha, and a name in fullwidth letters
    assert gradebook.student_name("\u0251lice") == "_u0251_lice" and gradebook.student_name("ｂｏｂ") != "ｂｏｂ"
    # red team I55: a name wholly of Cyrillic letters drawn as Latin ones read as alice; a Russian name stays itself
    assert gradebook.student_name("\u0430\u04cf\u0456\u0441\u0435") == "_u0430__u04cf__u0456__u0441__u0435_"
    assert gradebook.student_name("Иван") == "Иван" and gradebook.student_name("Анна") == "Анна"
    # red team I56: Armenian հսցօ read as hugo, Lisu ꓮꓡꓲꓚꓰ as ALICE, Cherokee ᏴᎾᏴ as BOB (and small capitals as
    # alice); an Armenian name stays itself
    for look_alike in ("\u0570\u057d\u0581\u0585", "\ua4ee\ua4e1\ua4f2\ua4da\ua4f0", "\u13f4\u13be\u13f4",
                       "\u1d00\u029f\u026a\u1d04\u1d07"):
        assert gradebook.student_name(look_alike).startswith("_u"), look_alike
    assert gradebook.student_name("Արամ") == "Արամ"
    assert gradebook._cell("-1+1") == "'-1+1"


def test_every_student_of_a_class_has_a_name_of_their_own_whatever_the_shard(tmp_path):
    """Red team I15: "li wei" and "li_wei" in two shards were both named li_wei (the merge kept one), and a second
    entry sharing a 100-character name became 102 characters long, which the merge refused, for everyone."""
    long = "x" * 120
    for name in ("li wei", "li_wei", long, long + "y", "alice", "alice.zip"):
        (tmp_path / name).mkdir()
    names = classroom._names(classroom.entries(tmp_path))
    assert len(set(names.values())) == len(names)
    assert all(gradebook.SAFE_NAME.match(n) for n in names.values()), names
    assert sorted(names.values())[:4] == ["alice", "alice~2", "li_wei", "li_wei~2"]
    # red team I21: "li wei" sorts first, and took li_wei's own name; the spreadsheet names each row's submission
    assert names[tmp_path / "li_wei"] == "li_wei" and names[tmp_path / "li wei"] == "li_wei~2"
    records = [gradebook.Record(n, p.name, "instructor", "graded", 1, 0.0, []) for p, n in names.items()]
    rows = gradebook.csv_text(records, BOOK)
    assert "li_wei~2,li wei," in rows and "\nli_wei,li_wei," in rows


def test_names_that_differ_only_in_case_get_reports_of_their_own(tmp_path, capsys):
    """Alice/ and alice/ wrote reports/Alice.txt and reports/alice.txt: one file on macOS and Windows, where the
    second student's report replaced the first's. So it is in a merge of shards that each named one of them."""
    for name in ("Alice", "alice", "ALICE.zip"):
        (tmp_path / name).mkdir()
    names = classroom._names(classroom.entries(tmp_path))
    assert len({gradebook.file_key(n) for n in names.values()}) == 3, names
    shards = []
    for i, student in enumerate(("Alice", "alice")):
        shard = tmp_path / f"shard{i}"
        gradebook.write(shard, [gradebook.Record(student, student, "instructor", "graded", 1, 0.0, [])], BOOK, "en")
        shards.append(shard)
    merged = classroom.merge(shards, BOOK)
    assert sorted(r.student for r in merged) == ["Alice", "alice~2"]
    assert "differs from it only in case" in capsys.readouterr().err


def test_gradings_running_at_once_draw_their_uids_from_ranges_of_their_own(tmp_path):
    """Red team I6: two gradings' workers could draw the same uid and share its process cap; each grading that
    runs while another does gets a range of its own, freed when it ends."""
    from concurrent.futures import ThreadPoolExecutor

    from katas import sandbox

    said = [sys.executable, "-c", "import os, time; print(os.environ['KATAS_SANDBOX_UID']); time.sleep(1)"]

    def one(k):
        folder = tmp_path / str(k)
        folder.mkdir()
        classroom.run_grader(folder, folder, "s", "s", BOOK, 1, "self-study", 30, 1, command=said)
        return int((folder / "grader.log").read_text())

    with ThreadPoolExecutor(3) as pool:
        bases = sorted(pool.map(one, range(3)))
    assert len(set(bases)) == 3 and bases[0] == sandbox.UID_BASE
    assert all(b - a >= 2 * sandbox.UID_SPAN for a, b in zip(bases, bases[1:], strict=False))  # children, workers
    assert one(3) == sandbox.UID_BASE and not classroom._SLOTS


def test_a_refusal_of_the_codes_own_doing_stands_for_its_exercise_before_a_limit_of_the_mode():
    """Red team I26 named a class of its own "x returned a, expected b\\n": its refusal's first line read like a bare
    report, vaguer than the test's own limit, and a wrong train_ch6 was listed with the mode's limits, unnamed. The
    refusal is one line now, and the code's own doing stands for the exercise whatever its words."""
    from katas.remote import InstructorUnsupported
    from katas.results import TestCaseResult

    own = InstructorUnsupported("your code returned a net (x returned a, expected b\n) of its own class")
    assert "\n" not in own.en and "\n" not in own.zh
    limit = "not gradable in instructor mode: the test watches the torch calls your code makes (Moves)"
    tests = [TestCaseResult("t::a", "failed", 0.0, "not_gradable", limit, limit),
             TestCaseResult("t::b", "failed", 0.0, "not_gradable", own.en, own.zh)]
    result = ExerciseResult.from_tests(BOOK.exercises[0], tests)
    assert result.status == "not_gradable" and result.message == own.en


def test_a_learners_words_in_the_summary_are_inert_markdown():
    """Red team I31: a failure of its own with www. and https:// addresses (live links on GitHub) and emphasis."""
    text = gradebook._md("see www.evil.example and https://evil.example/x_y, **bold** _it_, write to a@evil.example")
    assert "`www.evil.example`" in text and "`https://evil.example/x_y,`" in text and "`a@evil.example`" in text
    assert "**" not in text.replace("\\*", "") and "\\_it\\_" in text
    assert gradebook._md("values differ: got 1.5 (train_ch3)") == "values differ: got 1.5 (train\\_ch3)"
    # red team I48: a backquote left open ran on into the students' names on the next line
    assert gradebook._md("use `nn.Conv2d`") == "use `nn.Conv2d`" and "`" not in gradebook._md("an open ` quote")
    # red team I56: a run of three backquotes and one of one were paired here, and the HTML between them was live
    assert gradebook._md("```<b>x</b>`") == "'''\\<b\\>x\\</b\\>'"
    # red team I50: a backslash of the learner's own undid the escape of a link, and an entity made a bidi override
    inert = "\\\\\\[text\\](reports/alice.txt) \\&#8238; \\<b\\>"
    assert gradebook._md("\\[text](reports/alice.txt) &#8238; <b>") == inert
    # red team I49: a submission named __alice__ showed as a bold alice, passing for a classmate's name
    assert gradebook._names(["__alice__", "bob"]) == "\\_\\_alice\\_\\_, bob"


def test_a_submission_that_cannot_be_read_is_refused_alone(tmp_path):
    """Red team I51: a zip member whose deflated bytes are corrupt (zlib.error) and a file its owner may not read
    (PermissionError) each crashed the whole class run, no gradebook written; each refuses its submission alone."""
    entry = tmp_path / "mallory.zip"
    with zipfile.ZipFile(entry, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("kata.py", "def add(a, b):\n    return a + b\n" * 200)
    data = bytearray(entry.read_bytes())
    start = data.index(b"kata.py") + len("kata.py")  # the member's deflated bytes follow its local header's name
    data[start + 4:start + 40] = bytes(b ^ 0xFF for b in data[start + 4:start + 40])
    entry.write_bytes(bytes(data))
    r = classroom.grade_entry(entry, "mallory", tmp_path, BOOK, 1, "self-study", 60, 1)
    assert r.kind == "refused" and "could not be read" in r.notes[0][0], r.notes


def test_names_that_read_as_a_classmates_or_pass_a_file_names_length_are_written_out():
    """Red team I51: bob with a Hangul filler after it, and bꝏk (a ligature oo), made rows that read as bob's and
    book's; a name of 84 CJK letters (253 bytes) was a report no file system could name."""
    assert gradebook.student_name("bob\u115f") == "bob_u115f_" and gradebook.student_name("b\ua74fk") == "b_ua74f_k"
    assert gradebook.student_name("Jose\u0301") == "José" == gradebook.student_name("José")  # (macOS: decomposed)
    long = gradebook.student_name("0" + "李" * 84)
    assert len(long.encode()) <= 200 and len(gradebook.unique_name(long, {gradebook.file_key(long)}).encode()) <= 200


def test_names_with_digits_or_letters_of_latin_drawn_another_way_are_written_out():
    """Red team I59: b၀b (a Myanmar zero) read as bob, a١ice (an Arabic-Indic one) as alice, s123456𝟕 (a mathematical
    seven) as the student number s1234567. A digit or numeral outside ASCII, and a letter that is Latin's drawn another
    way (fullwidth, mathematical), is written as its code point; genuine names stay themselves."""
    assert gradebook.student_name("b\u1040b") == "b_u1040_b" and gradebook.student_name("a\u0661ice") == "a_u0661_ice"
    assert gradebook.student_name("s123456\U0001d7d5") == "s123456_u1d7d5_"
    assert gradebook.student_name("\uff42\uff4f\uff42") == "_uff42__uff4f__uff42_"  # ｂｏｂ
    for name in ("Иван", "José", "Αλέξης", "王小明", "s1234567"):
        assert gradebook.student_name(name) == name


def test_intake_counts_a_zip64_directory_and_reads_no_bzip2_or_lzma_member(tmp_path, monkeypatch):
    """Red team I59: a zip whose end record said 1 member and whose zip64 record, which zipfile reads, said 1,000,000
    passed the member cap (22 s, 384 MB); a 1.3 kB bzip2 member inflated to 1.5 GiB before the size cap cut it."""
    import struct

    monkeypatch.setattr(intake, "MEMBER_CAP", 3)
    entry = struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) + b"a"
    directory = entry * 5
    z64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 5, 5, len(directory), 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, len(directory), 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), 0, 0)
    (tmp_path / "z64.zip").write_bytes(directory + z64 + locator + end)
    assert len(zipfile.ZipFile(tmp_path / "z64.zip").infolist()) == 5  # (as zipfile reads it)
    with pytest.raises(intake.Refused, match="more than 3 files"):
        intake.read(tmp_path / "z64.zip", FILES)
    with zipfile.ZipFile(tmp_path / "bz.zip", "w") as zf:
        zf.writestr("exercises/kata.py", b"\0" * 1000, compress_type=zipfile.ZIP_BZIP2)
        zf.writestr("exercises/scratch.py", "ok = 1\n", compress_type=zipfile.ZIP_DEFLATED)
    got = intake.read(tmp_path / "bz.zip", FILES)
    assert list(got.files) == ["scratch.py"] and "method zip tools do not use" in got.notes[0][0]
