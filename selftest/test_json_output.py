"""--json FILE is written whole through a rename, and never through a link, into a FIFO or a folder, or
over the workbook's own files: those are refused with a message and exit code 2, the table printed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from katas.catalog import ROOT
from katas.results import json_refusal, write_json

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
PROTECTED = (ROOT / "exercises", ROOT / "solutions", ROOT / "tests", ROOT / "katas")


def _grade(book: Path, json_path: Path, tmp: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "grade.py"), "1.1", "--target", "targets/all_pass", "--seed", "1",
           "--json", str(json_path)]
    env = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8", "KATAS_ROOT": str(book),
           "KATAS_STATE": str(tmp / "state"), "TMPDIR": str(tmp)}
    return subprocess.run(cmd, cwd=book, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("json") / "workbook"
    shutil.copytree(WORKBOOK, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def test_a_new_file_is_written_whole(book, tmp_path):
    out = tmp_path / "results.json"
    proc = _grade(book, out, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["percent"] == 100.0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".results")] == []  # no temporary left


def test_a_symlink_to_a_learner_file_is_refused_and_the_table_printed(book, tmp_path):
    learner = book / "targets" / "all_pass" / "kata.py"
    before = learner.read_bytes()
    link = tmp_path / "out.json"
    link.symlink_to(learner)
    proc = _grade(book, link, tmp_path)
    assert proc.returncode == 2
    assert "score" in proc.stdout  # the table
    assert "not written" in proc.stderr and "symbolic link" in proc.stderr and "没有写入" not in proc.stderr
    assert learner.read_bytes() == before and link.is_symlink()


def test_a_fifo_is_refused_without_blocking(book, tmp_path):
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    proc = _grade(book, fifo, tmp_path)  # opening it for writing would block forever
    assert proc.returncode == 2 and "FIFO" in proc.stderr and "score" in proc.stdout


def test_a_place_that_cannot_be_written_is_refused_with_the_table_printed(book, tmp_path):
    """Red team 34: --json into /proc (root) or a folder the user may not write was a traceback, and no table."""
    proc = _grade(book, Path("/proc/katas-results.json"), tmp_path)
    assert proc.returncode == 2 and "score" in proc.stdout, proc.stdout + proc.stderr
    assert "not written" in proc.stderr and "may not write" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("kind", ["folder", "workbook file", "python file", "missing folder", "link"])
def test_refusals_name_the_reason_in_both_languages(kind, tmp_path):
    path = {
        "folder": tmp_path,
        "workbook file": ROOT / "tests" / "catalog.toml",
        "python file": tmp_path / "notes.py",
        "missing folder": tmp_path / "nowhere" / "out.json",
        "link": tmp_path / "link.json",
    }[kind]
    if kind == "link":
        path.symlink_to(tmp_path / "elsewhere.json")  # dangling: still a link
    en, zh = json_refusal(path, PROTECTED)
    assert en and zh and en != zh
    assert json_refusal(tmp_path / "fine.json", PROTECTED) is None


def test_a_workbook_file_reached_through_a_linked_folder_is_refused(tmp_path):
    (tmp_path / "here").symlink_to(ROOT / "katas")
    assert json_refusal(tmp_path / "here" / "results.json", PROTECTED) is not None


def test_write_json_replaces_an_older_file(tmp_path):
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")
    write_json({"score": 1}, out)
    assert json.loads(out.read_text(encoding="utf-8")) == {"score": 1} and len(list(tmp_path.iterdir())) == 1
