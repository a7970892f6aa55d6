"""Nothing a grading leaves behind changes a later one: changed data is refused, a forged progress file
counts for nothing, stray bytecode never runs, and modules or conftests planted beside the tests stop
the grader with a message (issue 20, "poison later gradings")."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import py_compile
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from katas import catalog, data, progress, stray
from katas.target import import_file

ROOT = catalog.ROOT
CATALOG = catalog.load()


@pytest.fixture
def state(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KATAS_STATE", str(tmp_path / "state"))
    yield tmp_path / "state"
    data._CHANGED.clear()


def _time_machine_copy(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    original = data.find(data.TIME_MACHINE)
    if original is None:
        pytest.skip("no copy of the Time Machine here")
    shutil.copyfile(original / "timemachine.txt", folder / "timemachine.txt")
    return folder / "timemachine.txt"


def test_a_changed_data_file_is_refused_with_a_message(tmp_path, state, monkeypatch):
    text = _time_machine_copy(tmp_path / "tm")
    monkeypatch.setenv("KATAS_TIME_MACHINE", str(text.parent))
    assert data.download("time_machine") == str(text)  # the original: verified, remembered
    assert (state / data.VERIFIED).is_file()
    raw = bytearray(text.read_bytes())
    raw[1000:1100] = b" " * 100  # same size, as zeroed labels would be
    text.write_bytes(bytes(raw))
    with pytest.raises(data.DataChanged, match="not the original"):
        data.download("time_machine")
    en, zh = data.missing_message(data.TIME_MACHINE)
    assert "timemachine.txt" in en and "SHA-1" in en and "fetch-data" in en and "改动" in zh


def test_the_verified_memory_cannot_vouch_for_other_bytes(tmp_path, state, monkeypatch):
    """A forged entry for the changed file's new stamp would be needed, and its ctime is the kernel's."""
    text = _time_machine_copy(tmp_path / "tm")
    monkeypatch.setenv("KATAS_TIME_MACHINE", str(text.parent))
    data.download("time_machine")
    st = os.stat(text)
    text.write_bytes(b"x" * st.st_size)
    os.utime(text, ns=(st.st_atime_ns, st.st_mtime_ns))  # mtime and size put back; ctime moved on
    with pytest.raises(data.DataChanged):
        data.download("time_machine")


def test_malformed_verified_memory_is_no_memory(tmp_path, state, monkeypatch):
    text = _time_machine_copy(tmp_path / "tm")
    monkeypatch.setenv("KATAS_TIME_MACHINE", str(text.parent))
    state.mkdir(parents=True)
    for junk in ("[1, 2]", "{not json", json.dumps({"x": 1})):
        (state / data.VERIFIED).write_text(junk, encoding="utf-8")
        assert data.download("time_machine") == str(text)


def test_fashion_mnist_root_copies_never_links(tmp_path, state, monkeypatch):
    source = data.find()
    if source is None or source.resolve().is_relative_to(data.DOWNLOAD_DIR.resolve()):
        pytest.skip("needs a copy outside the workbook's data/ (../shared/data)")
    raw = tmp_path / "data" / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / "train-labels-idx1-ubyte.gz").symlink_to(source / "train-labels-idx1-ubyte.gz")  # an older workbook's
    monkeypatch.setattr(data, "DOWNLOAD_DIR", raw)
    monkeypatch.setattr(data, "DATA_ROOT", tmp_path / "data")
    assert data.fashion_mnist_root() == tmp_path / "data"
    files = sorted(raw.iterdir())
    assert [p.name for p in files] == sorted(data.FILES) and not any(p.is_symlink() for p in files)


# --- .katas/progress.json -------------------------------------------------------------------------------

def _forge(state: Path, folder: Path, entries: object) -> None:
    state.mkdir(parents=True, exist_ok=True)
    (state / "progress.json").write_text(json.dumps({str(folder.resolve()): entries}), encoding="utf-8")


def test_forged_progress_cannot_award_points_or_crash(tmp_path, state):
    ex = CATALOG.get("sgd") if "sgd" in {e.id for e in CATALOG.exercises} else CATALOG.exercises[0]
    folder = ROOT / "solutions"
    good = {"status": "failed", "message": "m", "message_zh": "z", "fingerprint": "f"}
    _forge(state, folder, {ex.id: {**good, "status": "passed", "points": 999, "max_points": 999,
                                   "name": "evil\x1b[2J", "extra": 1}})
    known = progress.Progress(folder).known(ex)
    assert known.points == ex.points and known.max_points == ex.points and known.name == ex.name
    for bad in ({**good, "status": "great"}, {**good, "message": 3}, {**good, "fingerprint": None}, [1], "x", None):
        _forge(state, folder, {ex.id: bad})
        assert progress.Progress(folder).known(ex) is None
    for junk in ([], "x", 3):
        _forge(state, folder, junk)
        assert progress.Progress(folder).known(ex) is None
    (state / "progress.json").write_text("[1, 2]", encoding="utf-8")
    assert progress.Progress(folder).known(ex) is None


def test_the_grader_never_writes_through_a_link_in_its_state_folder(tmp_path, monkeypatch):
    """Red team 22: .katas/dropped-records.log made a link to an exercise, and a grading wrote a child's words into
    the learner's file. Every file of the state folder is replaced by a rename; a folder that is a link is refused."""
    from katas import grading

    learner = tmp_path / "ch6_4_channels.py"
    learner.write_text("def corr2d_multi_in(X, K): ...\n", encoding="utf-8")
    state = tmp_path / "state"
    (state / "backup").mkdir(parents=True)
    monkeypatch.setenv("KATAS_STATE", str(state))
    for name in ("dropped-records.log", "progress.json", "hints.json", data.VERIFIED):
        (state / name).symlink_to(learner)
    (state / "plots").symlink_to(tmp_path)
    grading._note_dropped(["(import ch6_5_pooling.py): not JSON: planted"])
    progress.Progress(tmp_path).save()
    assert progress.write_state(state / "hints.json", b"{}")
    assert not progress.write_state(progress.plot_path("corr2d"), b"\x89PNG")  # plots/ is a link: refused
    assert learner.read_text(encoding="utf-8") == "def corr2d_multi_in(X, K): ...\n"
    assert not any((state / name).is_symlink() for name in ("dropped-records.log", "progress.json", "hints.json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ch6_4_channels.py", "state"]
    monkeypatch.setenv("KATAS_STATE", str(tmp_path / "link"))
    (tmp_path / "link").symlink_to(tmp_path / "state" / "backup")
    assert not progress.write_state(tmp_path / "link" / "hints.json", b"{}")
    (tmp_path / "state" / "backup" / "plots").mkdir()
    (tmp_path / "state" / "backup" / "plots" / "corr2d.png").write_bytes(b"the learner's")
    progress.remove_state(progress.plot_path("corr2d"))  # red team 24: .katas a link to a folder of notes
    assert (tmp_path / "state" / "backup" / "plots" / "corr2d.png").read_bytes() == b"the learner's"


def test_the_workbooks_data_copy_is_written_through_new_files_only(tmp_path, monkeypatch):
    """Red team 26: links (and FIFOs) planted at NAME.PID.tmp for every pid in data/FashionMNIST/raw/: grade.py
    copied and unpacked Fashion-MNIST through them, into a learner's file (or waited on a FIFO forever)."""
    from katas import grading

    source = Path(os.environ.get("KATAS_FASHION_MNIST") or ROOT.parent / "shared" / "data" / "fashion-mnist")
    if not all((source / name).is_file() for name in data.FILES):
        pytest.skip("no Fashion-MNIST copy here")
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    learner = tmp_path / "notes.py"
    learner.write_text("mine\n", encoding="utf-8")
    for planted in {(raw / name).with_suffix(f".{os.getpid()}.tmp") for name in data.FILES}:  # the names it used
        planted.symlink_to(learner)
    monkeypatch.setattr(data, "DOWNLOAD_DIR", raw)
    monkeypatch.setattr(data, "find", lambda: source)
    monkeypatch.setenv("KATAS_STATE", str(tmp_path / "state"))
    grading._prepare_fashion_mnist({data.FASHION_MNIST.key})
    assert learner.read_text(encoding="utf-8") == "mine\n"
    assert all((raw / name).is_file() and not (raw / name).is_symlink() for name in data.FILES)
    assert all((raw / name.removesuffix(".gz")).stat().st_size > 0 for name in data.FILES)


def test_files_larger_than_the_grader_reads_are_never_read_whole(tmp_path, monkeypatch):
    """Red team 24: a 1 TB sparse file of NUL bytes in exercises/ (and as .katas/progress.json) was read whole to
    fingerprint it (MemoryError: no table, no --json); an 8 MB one took --watch's own process to 3.5 GB to parse."""
    huge = tmp_path / "ch3_3_linear_regression_concise.py"
    with open(huge, "wb") as f:
        f.truncate(2**40)
    assert progress.file_hash(huge) not in ("missing", progress.file_hash(tmp_path / "other.py"))
    with pytest.raises(progress.TooLarge):
        progress.read_source(huge)
    assert "larger than 1 MiB" in progress.unread("x.py", progress.TooLarge("2 bytes"), "en")
    monkeypatch.setenv("KATAS_STATE", str(tmp_path))
    os.replace(huge, tmp_path / "progress.json")
    assert progress.Progress(tmp_path).results == {}
    (tmp_path / "progress.json").write_text("[" * 100_000, encoding="utf-8")  # too deep for json
    assert progress.Progress(tmp_path).results == {}


def test_a_folder_the_learner_may_not_enter_is_no_module(tmp_path, monkeypatch):
    """Red team 24: as an ordinary user, a chmod 000 folder of notes at the workbook's root crashed grade.py."""
    (tmp_path / "mynotes").mkdir()
    real = Path.is_file

    def is_file(self):
        if self.parent.name == "mynotes":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    assert stray.check(tmp_path, tmp_path) == ([], [])


# --- stray bytecode, shadowing modules, conftests ---------------------------------------------------------

def test_the_learners_file_runs_from_source_whatever_bytecode_lies_beside_it(tmp_path):
    path = tmp_path / "kata.py"
    path.write_text("X = 2\n", encoding="utf-8")
    py_compile.compile(str(path), cfile=importlib.util.cache_from_source(str(path)))
    st = os.stat(path)
    path.write_text("X = 1\n", encoding="utf-8")  # same size and mtime: Python's loader would take the .pyc
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    spec = importlib.util.spec_from_file_location("poisoned_kata", path)
    plain = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plain)
    assert plain.X == 2  # the planted bytecode wins for a plain import
    assert import_file(path, "poison").X == 1


def test_stray_bytecode_is_removed_and_shadows_and_conftests_refused(tmp_path):
    root = tmp_path / "book"
    for p in ("katas/__pycache__/results.cpython-311.pyc", "tests/__pycache__/t.pyc", "__pycache__/x.pyc",
              "tests/conftest.py", "tests/sub/conftest.py", "pytest_timeout.py", "tests/torch/__init__.py",
              "notes.py", "tests/test_x.py", "tests/__init__.py", "__init__.py"):
        (root / p).parent.mkdir(parents=True, exist_ok=True)
        (root / p).write_text("", encoding="utf-8")
    removed, refused = stray.check(root, root)
    assert sorted(removed) == ["__pycache__", "katas/__pycache__", "tests/__pycache__"]
    assert not (root / "katas" / "__pycache__").exists()
    assert sorted(refused) == ["__init__.py", "pytest_timeout.py", "tests/__init__.py", "tests/conftest.py",
                               "tests/sub/conftest.py", "tests/torch", "tests/torch/__init__.py"]
    assert stray.check(ROOT, ROOT) == ([], [])  # the workbook itself holds none


def test_a_deep_tree_in_tests_is_walked_without_recursion(tmp_path):
    """Red team 32: 1,500 nested folders in tests/ made the conftest search a RecursionError, and no table."""
    root = tmp_path / "book"
    (root / "tests" / "notes").mkdir(parents=True)
    fd = os.open(root / "tests" / "notes", os.O_RDONLY)
    for depth in range(1500):  # one level at a time (pathlib's and os's makedirs recurse too)
        os.mkdir("a", dir_fd=fd)
        if depth == 1000:
            os.close(os.open("conftest.py", os.O_CREAT | os.O_WRONLY, dir_fd=fd))
        fd, old = os.open("a", os.O_RDONLY, dir_fd=fd), fd
        os.close(old)
    os.close(fd)
    try:
        removed, refused = stray.check(root, root)
        assert removed == [] and len(refused) == 1 and refused[0].endswith("/a/conftest.py"), refused
    finally:
        os.unlink(root / "tests" / "notes" / Path(*["a"] * 1000) / "conftest.py")
        for depth in range(1500, 0, -1):  # shutil.rmtree, pytest's clean-up of old tmp_paths, recurses as well
            os.rmdir(root / "tests" / "notes" / Path(*["a"] * depth))


def test_only_bytecode_is_removed_never_a_learners_folder(tmp_path):
    """Red team 30: a folder of notes named my_notes.pyc at the root was removed whole by the bytecode sweep, and one
    it could not remove (a locked file inside) crashed grade.py before any table."""
    root = tmp_path / "book"
    (root / "my_notes.pyc" / "deep").mkdir(parents=True)
    (root / "my_notes.pyc" / "thesis.md").write_text("mine", encoding="utf-8")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"planted")
    (root / "__pycache__" / "notes.txt").write_text("mine too", encoding="utf-8")
    removed, refused = stray.check(root, root)
    assert removed == ["__pycache__"] and refused == []
    assert (root / "my_notes.pyc" / "thesis.md").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in (root / "__pycache__").iterdir()) == ["notes.txt"]


def test_stray_names_are_printed_without_their_escapes(tmp_path):
    """Red team 13: a planted file's name held a terminal title and a screen clear, printed raw by the message."""
    root = tmp_path / "book"
    (root / "tests" / "\x1b]0;PWNED\x07\x1b[2J").mkdir(parents=True)
    (root / "tests" / "\x1b]0;PWNED\x07\x1b[2J" / "conftest.py").write_text("", encoding="utf-8")
    (root / "tests" / "evil\x1b[2Jx.pyc").write_text("", encoding="utf-8")
    removed, refused = stray.check(root, root)
    assert all("\x1b" not in name and "\x07" not in name for name in removed + refused), (removed, refused)
    assert refused == ["tests/\\x1b]0;PWNED\\x07\\x1b[2J/conftest.py"]


def test_grade_py_refuses_a_planted_module_before_importing_anything(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(Path(__file__).parent / "fixtures" / "workbook", book,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (book / "pytest_timeout.py").write_text("raise SystemExit('planted')\n", encoding="utf-8")
    env = {**os.environ, "KATAS_ROOT": str(book), "KATAS_STATE": str(tmp_path / "state")}
    proc = subprocess.run([sys.executable, str(ROOT / "grade.py"), "--target", "targets/all_pass"], cwd=book,
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 2 and "pytest_timeout.py" in proc.stderr and "not grading" in proc.stderr
    assert "未开始批改" in proc.stderr and proc.stdout == ""


def test_files_planted_in_the_workbook_that_pytest_or_an_optional_import_would_load_change_nothing(tmp_path):
    """Red team 22: a pytest.ini at the root (a plugin of its own) or in tests/ (nothing collected), an
    opt_einsum.py that torch imports if it is there (in the test server), an org/ that copy.py imports if it is
    there (in grade.py itself): none is read, every verdict is as without them."""
    book = tmp_path / "book"
    shutil.copytree(Path(__file__).parent / "fixtures" / "workbook", book,
                    ignore=shutil.ignore_patterns("__pycache__"))
    ran = tmp_path / "ran"
    ran.mkdir()
    plant = f"open({str(ran)!r} + '/' + __name__, 'w').close()\n"
    (book / "pytest.ini").write_text("[pytest]\naddopts = -p planted_plugin\n", encoding="utf-8")
    (book / "planted_plugin.py").write_text(plant, encoding="utf-8")
    for name in ("pytest.ini", "tox.ini", "setup.cfg"):
        (book / "tests" / name).write_text(f"[{'pytest' if name == 'pytest.ini' else 'tool:pytest'}]\n"
                                           "python_functions = nothing\n", encoding="utf-8")
    (book / "opt_einsum.py").write_text(plant + "raise ImportError\n", encoding="utf-8")
    (book / "org").mkdir()
    (book / "org" / "__init__.py").write_text(plant + "raise ImportError\n", encoding="utf-8")
    env = {**os.environ, "KATAS_ROOT": str(book), "KATAS_STATE": str(tmp_path / "state")}
    proc = subprocess.run([sys.executable, str(ROOT / "grade.py"), "--target", "targets/all_pass", "--json",
                           str(tmp_path / "out.json")], cwd=book, capture_output=True, text=True, timeout=300, env=env)
    assert sorted(p.name for p in ran.iterdir()) == [], proc.stderr[-2000:]
    result = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert result["score"] == result["max_score"] > 0, proc.stdout[-2000:]


def test_pythons_own_packages_load_as_ever_inside_a_source_only_workbook():
    """The README's `.venv` lies inside the workbook, whose modules load from source only: Python's environment is
    left out of that rule, or torch's extension modules (no sources) fail and nothing is graded (every exercise
    "could not be collected" in a fresh clone installed as the README says)."""
    code = ("import sys; from katas import bytecode; bytecode.source_only([sys.prefix]); import numpy, _decimal; "
            "print('loaded')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert out.stdout.strip() == "loaded", out.stderr[-800:]


def test_a_helper_file_beside_the_exercises_is_part_of_every_fingerprint(tmp_path):
    """Red team 30: an exercise that imports a helper beside it kept its remembered pass after the helper broke."""
    book = catalog.load()
    ex = book.exercises[0]
    (tmp_path / ex.file).write_text("# mine\n", encoding="utf-8")
    (tmp_path / "helper.py").write_text("def f(): return 1\n", encoding="utf-8")
    before = progress.fingerprints(tmp_path, book, [ex])
    (tmp_path / "helper.py").write_text("def f(): raise RuntimeError\n", encoding="utf-8")
    assert progress.fingerprints(tmp_path, book, [ex]) != before


def test_a_package_or_data_beside_the_exercises_and_a_named_exercise_file_count_too(tmp_path):
    """Red team 32: a helper package beside the exercises (exercises/mylib/__init__.py) broke, and --watch kept
    showing the pass it remembered. A file that imports another exercise file depends on that one as well."""
    book = catalog.load()
    first, later = book.exercises[0], next(e for e in book.exercises if e.file != book.exercises[0].file)
    (tmp_path / first.file).write_text("import mylib\n", encoding="utf-8")
    (tmp_path / later.file).write_text(f"from {Path(first.file).stem} import *\n", encoding="utf-8")
    (tmp_path / "mylib").mkdir()
    (tmp_path / "mylib" / "__init__.py").write_text("def f(): return 1\n", encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    prints = [progress.fingerprints(tmp_path, book, [first, later])]
    (tmp_path / "__pycache__" / f"{Path(later.file).stem}.cpython-311.pyc").write_bytes(b"its own bytecode")
    prints.append(progress.fingerprints(tmp_path, book, [first, later]))
    # an exercise file's bytecode (or data named after it: red team 102) is that file's own, not every exercise's
    assert prints[1][first.id] == prints[0][first.id] and prints[1][later.id] != prints[0][later.id]
    (tmp_path / "mylib" / "__init__.py").write_text("def f(): raise RuntimeError\n", encoding="utf-8")
    prints.append(progress.fingerprints(tmp_path, book, [first, later]))
    (tmp_path / "mylib" / "table.csv").write_text("1,2\n", encoding="utf-8")
    prints.append(progress.fingerprints(tmp_path, book, [first, later]))
    assert all(prints[i][ex.id] != prints[i + 1][ex.id] for i in (1, 2) for ex in (first, later))
    (tmp_path / first.file).write_text("import mylib  # changed\n", encoding="utf-8")
    now = progress.fingerprints(tmp_path, book, [first, later])
    assert now[first.id] != prints[-1][first.id] and now[later.id] != prints[-1][later.id]  # later names first
    (tmp_path / later.file).write_text("# mine alone\n", encoding="utf-8")
    again = progress.fingerprints(tmp_path, book, [first, later])
    (tmp_path / later.file).write_text("# mine alone, changed\n", encoding="utf-8")
    assert progress.fingerprints(tmp_path, book, [first, later])[first.id] == again[first.id]  # first names none
    # red team 39: a file that runs another by a name it computes depends on every exercise file
    half = len(Path(first.file).stem) // 2
    (tmp_path / later.file).write_text(
        "import pathlib\n"
        f"other = pathlib.Path(__file__).parent / ({Path(first.file).stem[:half]!r} + {first.file[half:]!r})\n"
        "exec(compile(other.read_bytes(), str(other), 'exec'))\n", encoding="utf-8")
    before = progress.fingerprints(tmp_path, book, [later])
    (tmp_path / first.file).write_text("raise RuntimeError('broken')\n", encoding="utf-8")
    assert progress.fingerprints(tmp_path, book, [later]) != before


def test_what_a_helper_may_reach_counts_in_every_fingerprint(tmp_path, monkeypatch):
    """Red team 96: a helper imported from a folder named __pycache__, an exercise file that a helper beside the
    exercises imports, and (as an ordinary user) a file in a folder the grader may enter but not list each broke
    while --watch kept the remembered pass."""
    book = catalog.load()
    ex, other = book.exercises[0], next(e for e in book.exercises if e.file != book.exercises[0].file)
    (tmp_path / ex.file).write_text("import helper\n", encoding="utf-8")
    (tmp_path / other.file).write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "helper.py").write_text("def f(): return 1\n", encoding="utf-8")
    before = progress.fingerprints(tmp_path, book, [ex])
    (tmp_path / "__pycache__" / "helper.py").write_text("def f(): return 2\n", encoding="utf-8")
    assert progress.fingerprints(tmp_path, book, [ex]) != before
    (tmp_path / "helper2.py").write_text(f"from {Path(other.file).stem} import X\n", encoding="utf-8")
    before = progress.fingerprints(tmp_path, book, [ex])
    (tmp_path / other.file).write_text("X = 2\n", encoding="utf-8")
    assert progress.fingerprints(tmp_path, book, [ex]) != before
    folder = tmp_path / other.file  # an exercise file's name given to a folder (red team 102)
    (tmp_path / other.file).unlink()
    folder.mkdir()
    (folder / "step").write_text("1\n", encoding="utf-8")
    before = progress.fingerprints(tmp_path, book, [ex])
    (folder / "step").write_text("2\n", encoding="utf-8")
    os.utime(folder / "step", ns=(1, 1))
    assert progress.fingerprints(tmp_path, book, [ex]) != before
    (tmp_path / "vault").mkdir()  # mode 0311 for an ordinary user (root lists it anyway, and hashes its files)
    scandir = os.scandir

    def unlisted(path):
        if Path(path).name == "vault":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(progress.os, "scandir", unlisted)
    assert progress.fingerprints(tmp_path, book, [ex]) != progress.fingerprints(tmp_path, book, [ex])


def test_a_file_rewritten_with_its_old_size_and_time_changes_the_fingerprint(tmp_path):
    """Red team 105: a data file the exercise reads, unpacked again by tar with other bytes of the same size and its old
    modification time, kept the remembered pass (and so did an exercise file over the 1 MiB the grader reads); a file
    that is not read is known by its change time too, which only the kernel sets."""
    book = catalog.load()
    ex = book.exercises[0]
    (tmp_path / ex.file).write_text("MODE = open(__file__ + '.bin').read()\n", encoding="utf-8")
    for path, old, new in ((tmp_path / f"{ex.file}.bin", b"good", b"bad!"),
                           (tmp_path / ex.file, b"#" * (2 << 20), b"!" * (2 << 20))):
        path.write_bytes(old)
        os.utime(path, ns=(10**18, 10**18))
        before = progress.fingerprints(tmp_path, book, [ex])
        time.sleep(0.01)
        with open(path, "r+b") as f:
            f.write(new)
        os.utime(path, ns=(10**18, 10**18))
        assert progress.fingerprints(tmp_path, book, [ex]) != before, path.name


def test_a_file_that_says_it_is_empty_is_not_read(tmp_path):
    """Red team 96 linked two learner files to /proc/kmsg: the grader's read, as root, took the kernel's log away, and
    the next one would have waited (TypeError: the table and JSON never written). A kernel's file of size 0 is not
    read (/proc/self/status stands in for it here: reading kmsg would drain this machine's log)."""
    (tmp_path / "notes.py").symlink_to("/proc/self/status")
    assert progress.read_capped(tmp_path / "notes.py", 2**20) == b""
    book = catalog.load()
    assert progress.fingerprints(tmp_path, book, book.exercises[:1])


def test_a_link_to_a_device_is_not_opened(tmp_path, monkeypatch):
    """Red team 96: the grader, as root, opened whatever a learner's .py link named before it looked at what it was:
    a device's open may act (a watchdog armed, a serial line's DTR). What is no regular file is not opened."""
    (tmp_path / "notes.py").symlink_to("/dev/null")
    opened = []
    real_open = os.open
    monkeypatch.setattr(progress.os, "open", lambda path, *a, **k: opened.append(path) or real_open(path, *a, **k))
    with pytest.raises(OSError):
        progress.read_capped(tmp_path / "notes.py", 2**20)
    assert opened == []


def test_one_fingerprinting_parses_a_bounded_number_of_bytes(tmp_path, monkeypatch):
    """Red team 99: 300 files of 256 KiB beside the exercises, each calling exec(x) and slow to parse, held the table
    6 minutes before the run's bound and watchdog began (and grade.py's exit as long again). One fingerprinting
    parses at most PARSE_BUDGET bytes; past it a file counts as reaching every exercise file."""
    parsed = []
    real = progress._parsed_reaches_any.__wrapped__
    monkeypatch.setattr(progress, "_parsed_reaches_any", lambda text: parsed.append(len(text)) or real(text))
    note = b"exec(x)\n" + b"y = [" + b"1, " * 40_000 + b"]\n"
    for i in range(12):
        (tmp_path / f"note_{i}.py").write_bytes(note + f"# {i}\n".encode())
    book = catalog.load()
    prints = progress.fingerprints(tmp_path, book, book.exercises[:2])
    assert sum(parsed) <= progress.PARSE_BUDGET and len(parsed) < 12, parsed
    assert set(prints) == {ex.id for ex in book.exercises[:2]}


def test_a_reader_under_another_name_reaches_every_exercise_file(tmp_path):
    """Red team 102 read another exercise file by a computed name with io.FileIO(path).readall() and ran it with
    code.InteractiveInterpreter's runsource, or bound open, compile and exec to other names first: the fingerprint
    took the file for one that names none."""
    for source in ("import io, code\nsrc = io.FileIO(name).readall()\ncode.InteractiveInterpreter({}).runsource(src)\n",
                   "_o, _c, _e = open, compile, exec\n_e(_c(_o(name).read(), name, 'exec'))\n",
                   "import pkgutil\ndata = pkgutil.get_data(pkg, name)\n"):
        assert progress._reaches_any(source.encode(), [progress.PARSE_BUDGET]), source
    assert not progress._reaches_any(b"import torch\nx = open('notes.txt')\n", [progress.PARSE_BUDGET])


def test_an_exercise_file_its_file_does_not_name_is_hidden_from_its_tests(tmp_path):
    """Red team 108: an exercise read another exercise file by a reader no list names (numpy.fromfile of a path made
    of pieces; an import under a name Python normalises to another's), or a file of __pycache__ named after one, and
    --watch kept the pass after that file broke. What an exercise's tests may read is what its remembered result
    depends on: the exercise files its file does not name, and their __pycache__ files, are empty in its view; so is
    a FIFO (red team 117: two children graded at once passed softmax's answer through one)."""
    from grading import grade

    target = tmp_path / "target"
    shutil.copytree(ROOT / "solutions", target, ignore=shutil.ignore_patterns("__pycache__"))
    target.chmod(0o755)
    (target / "__pycache__").mkdir(mode=0o755)
    (target / "__pycache__" / "ch11_2_convexity.w").write_bytes(b"12345")
    with open(target / "ch3_6_softmax_scratch.py", "a", encoding="utf-8") as f:
        f.write("\n\ndef softmax(X):\n    import numpy\n    from pathlib import Path\n"
                "    here = Path(__file__).parent\n"
                "    import os, stat\n"
                "    sizes = [numpy.fromfile(str(here / name), dtype=numpy.uint8).size if os.path.exists(here / name) "
                "else -1 for name in ('ch3_2_argument' + '_passing.py', '__pycache__/' + 'ch11_2' + '_convexity.w', "
                "'ch3_5_fashion_mnist.py')]\n"
                "    sizes.append(int(stat.S_ISFIFO(os.stat(str(here / 'chan')).st_mode)))\n"
                "    raise RuntimeError('SIZES %s END' % sizes)\n")
    os.mkfifo(target / "chan", 0o666)  # red team 117: children graded at once talked through one
    depends = progress.Dependencies(target, catalog.load(), [catalog.load().one("softmax")])
    unseen = depends.unseen()["ch3_6_softmax_scratch.py"]
    assert str(target / "ch3_2_argument_passing.py") in unseen and str(target / "ch3_5_fashion_mnist.py") not in unseen
    assert str(target / "__pycache__" / "ch11_2_convexity.w") in unseen
    results, _ = grade(target, ("softmax",))
    message = next(e["message"] for e in results["exercises"] if e["id"] == "softmax")
    sizes = eval(message.split("SIZES ", 1)[1].split(" END", 1)[0])  # noqa: S307 - our own list of ints
    assert sizes[0] == 0 and sizes[1] == -1 and sizes[2] > 0, message  # named (Sections): in view; a hidden file
    # of __pycache__ is not there at all (red team 125: Python writes one when the learner runs a file)
    assert sizes[3] == 0, message  # the FIFO: an empty file in its view


def test_a_childs_view_shows_no_time_or_inode_that_no_fingerprint_holds(tmp_path):
    """Red team 122: a hidden exercise file's inode, read in its folder's listing (readdir's, which a file bound over
    the path leaves), and the folder's time were in no fingerprint; a pass that read them was kept by --watch after
    another exercise file was saved by a rename. The graded folder, and each folder holding a Python file, is seen
    through a tmpfs of its own (copies of its Python files); another folder is seen as it is, and its stamp counts."""
    from grading import grade

    target = tmp_path / "target"
    shutil.copytree(ROOT / "solutions", target, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "helpers").mkdir()
    (target / "helpers" / "h.py").write_text("X = 1\n", encoding="utf-8")
    (target / "notes").mkdir()
    (target / "notes" / "n.txt").write_text("n", encoding="utf-8")
    for folder in (target, target / "helpers", target / "notes"):
        folder.chmod(0o755)
    real = {"hidden": (target / "ch3_2_argument_passing.py").stat().st_ino, "folder": target.stat().st_mtime_ns,
            "own": (target / "ch3_6_softmax_scratch.py").stat().st_ino,
            "helpers": (target / "helpers").stat().st_mtime_ns, "notes": (target / "notes").stat().st_mtime_ns}
    with open(target / "ch3_6_softmax_scratch.py", "a", encoding="utf-8") as f:
        f.write(f"\n\ndef softmax(X):\n    import os\n    here = os.path.dirname(__file__)\n    real = {real!r}\n"
                "    seen = {e.name: e.inode() for e in os.scandir(here)}['ch3_2_argument' + '_passing.py']\n"
                "    same = [seen == real['hidden'], os.stat(here).st_mtime_ns == real['folder'],\n"
                "            os.stat(__file__).st_ino == real['own'],\n"
                "            os.stat(here + '/helpers').st_mtime_ns == real['helpers'],\n"
                "            os.stat(here + '/notes').st_mtime_ns == real['notes']]\n"
                "    raise RuntimeError('SAME %s END' % same)\n")
    book = catalog.load()
    before = progress.Dependencies(target, book, book.exercises).fingerprints()
    results, _ = grade(target, ("softmax",))
    message = next(e["message"] for e in results["exercises"] if e["id"] == "softmax")
    same = eval(message.split("SAME ", 1)[1].split(" END", 1)[0])  # noqa: S307 - our own list of booleans
    assert same == [False, False, False, False, True], message
    for folder, kept in ((target, True), (target / "helpers", True), (target / "notes", False)):
        (folder / "swap.tmp").write_bytes(b"")  # an editor's swap file, made and removed: the names are as they were
        (folder / "swap.tmp").unlink()
        assert (progress.Dependencies(target, book, book.exercises).fingerprints() == before) is kept, folder


def test_a_child_sees_no_other_exercise_file_as_it_is_nor_what_the_grader_remembers(tmp_path):
    """Red team 125: a hidden exercise file that is a link showed where it led; one there was told from one not there;
    a file's last-read time and the grader's progress.json (every exercise's result) were readable; none was in the
    fingerprint, and --watch kept a pass that read them. A hidden exercise file is an empty file whether it is there
    or not, and whatever it is; a link's target and a file's read time count; the state folder is hidden."""
    from grading import grade

    target, state = tmp_path / "target", tmp_path / "state"
    shutil.copytree(ROOT / "solutions", target, ignore=shutil.ignore_patterns("__pycache__"))
    target.chmod(0o755)
    (target / "ch11_1_optimization_intro.py").unlink()
    (target / "ch11_1_optimization_intro.py").symlink_to("ch11_2_convexity.py")
    (target / "ch10_1_attention_cues.py").unlink()
    (target / "notes.txt").write_text("n", encoding="utf-8")
    state.mkdir()
    (state / "progress.json").write_text("{}", encoding="utf-8")
    with open(target / "ch3_6_softmax_scratch.py", "a", encoding="utf-8") as f:
        f.write("\n\ndef softmax(X):\n    import os\n    here = os.path.dirname(__file__)\n"
                "    link = here + '/ch11_1_optimization' + '_intro.py'\n"
                "    gone = here + '/ch10_1_attention' + '_cues.py'\n"
                "    seen = [os.path.islink(link), os.path.exists(gone), os.path.getsize(gone),\n"
                f"            os.path.exists({str(state / 'progress.json')!r})]\n"
                "    raise RuntimeError('SEEN %s END' % seen)\n")
    book = catalog.load()
    before = progress.Dependencies(target, book, book.exercises).fingerprints()
    results, _ = grade(target, ("softmax",), env={"KATAS_STATE": str(state)})
    message = next(e["message"] for e in results["exercises"] if e["id"] == "softmax")
    assert eval(message.split("SEEN ", 1)[1].split(" END", 1)[0]) == [False, True, 0, False], message  # noqa: S307
    (target / "ch11_1_optimization_intro.py").unlink()
    (target / "ch11_1_optimization_intro.py").symlink_to("ch11_3_gd.py")
    relinked = progress.Dependencies(target, book, book.exercises).fingerprints()
    assert relinked["softmax"] != before["softmax"]
    os.utime(target / "notes.txt", ns=(1, (target / "notes.txt").stat().st_mtime_ns))  # read, long ago
    assert progress.Dependencies(target, book, book.exercises).fingerprints()["softmax"] != relinked["softmax"]


def test_a_file_is_parsed_once_for_all_its_exercises_stubs(tmp_path, monkeypatch):
    """Red team 108: --watch parsed a 1 MiB file, slow to parse, once for each of its exercises to tell stubs, before
    any watchdog: the first table came after 87 s. Parsed once; a file past STUB_FILE_LIMIT is no stub file."""
    from katas import target

    calls = []
    monkeypatch.setattr(target, "parse", lambda source: calls.append(1) or ast.parse(source))
    target._parsed.cache_clear()
    path = tmp_path / "ch.py"
    path.write_text("def f():\n    raise NotImplementedError\n\n\ndef g():\n    raise NotImplementedError\n")
    assert target.untouched(path, ("f",)) and target.untouched(path, ("g",)) and len(calls) == 1
    path.write_text(path.read_text() + "#" * target.STUB_FILE_LIMIT)
    assert not target.untouched(path, ("f",)) and len(calls) == 1


def test_a_folder_not_walked_to_its_end_is_graded_one_child_at_a_time(tmp_path, monkeypatch):
    """A FIFO past the entries a fingerprint looks at is in no child's unseen list: such a folder is known as not
    walked to its end, and grading.grade then runs one child at a time, so that no two can talk through it."""
    book = catalog.load()
    ex = book.exercises[0]
    (tmp_path / ex.file).write_text("# mine\n", encoding="utf-8")
    assert progress.Dependencies(tmp_path, book, [ex]).complete
    for n in range(5):
        (tmp_path / f"note{n}.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(progress, "TREE_LIMIT", 3)
    assert not progress.Dependencies(tmp_path, book, [ex]).complete


def test_a_file_past_the_systems_path_length_leaves_the_folder_unremembered(tmp_path):
    """Red team 128: a file whose path passed PATH_MAX was one constant in the fingerprint (its stat failed), while a
    child opened it by a shorter path from its folder; a --watch pass that read it was kept after it changed. A tree
    with a file the grader cannot read by its path is not walked to its end: nothing of it is remembered."""
    book = catalog.load()
    ex = book.exercises[0]
    (tmp_path / ex.file).write_text("# mine\n", encoding="utf-8")
    assert progress.Dependencies(tmp_path, book, [ex]).complete
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(24):  # 24 folders of 200 letters: past 4,096
            os.mkdir("d" * 200, dir_fd=fd)
            inner = os.open("d" * 200, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        os.close(os.open("data.txt", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd))
    finally:
        os.close(fd)
    assert not progress.Dependencies(tmp_path, book, [ex]).complete


def test_a_save_while_the_folder_is_graded_is_never_remembered(tmp_path, state, monkeypatch):
    """Red team 131: the fingerprints are taken as grading starts and each child copies the folder's files as it
    starts. A save during the run had later children graded on the new bytes, their passes remembered for the old
    ones, and the broken file put back showed as passed. A result is remembered only where every path it depends on
    kept its stamp through the run (a save and an undo, same bytes again, move it too)."""
    from katas import grading, runner
    from katas.results import TestCaseResult

    folder = tmp_path / "wb"
    folder.mkdir()
    for name in ("ch3_2_linear_regression_scratch.py", "ch3_2_argument_passing.py"):
        shutil.copy(ROOT / "solutions" / name, folder / name)
    saved = folder / "ch3_2_linear_regression_scratch.py"
    broken = saved.read_bytes()
    selected = [ex for ex in CATALOG.exercises if ex.file in ("ch3_2_linear_regression_scratch.py",
                                                               "ch3_2_argument_passing.py")]

    def run_saving(exercises, server, **kwargs):  # the learner saves the good version, then undoes it, meanwhile
        saved.write_bytes(broken.replace(b"return", b"return ", 1))
        time.sleep(0.03)  # (past a coarse clock's tick)
        saved.write_bytes(broken)
        return runner.Run(tests={ex.id: [TestCaseResult(f"t::{ex.id}", "passed", 0.0)] for ex in exercises})

    server = type("Server", (), {"collect": lambda self, on_event=None: [], "close": lambda self: None})()
    monkeypatch.setattr(runner, "run", run_saving)
    results, _ = grading.grade(selected, folder, str(folder), 0, server=server)
    assert all(e.status == "passed" for e in results.exercises)
    memory = progress.Progress(folder)
    kept = {ex.file for ex in selected if ex.id in memory.results}
    assert kept == {"ch3_2_argument_passing.py"}, kept  # the other file's results depend on nothing that moved

    (folder / "helper.py").write_text("X = 1\n")  # a file beside them: every exercise's input
    depends = progress.Dependencies(folder, CATALOG, selected)
    assert depends.unchanged() == {ex.id for ex in selected}
    (folder / "helper.py").write_text("X = 2\n")
    assert depends.unchanged() == set()
