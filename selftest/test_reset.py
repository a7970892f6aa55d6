"""--reset NAME in a temporary git copy of the workbook: the stub comes back, nothing is lost."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from grading import copy_workbook

ROOT = Path(__file__).resolve().parent.parent
FILE = "exercises/ch3_2_linear_regression_scratch.py"
SGD_STUB = "    # TODO: torch.no_grad(), an in-place update, param.grad.zero_()\n    raise NotImplementedError"


def git(root, *args):
    subprocess.run(["git", "-c", "user.email=k@example.com", "-c", "user.name=k", *args], cwd=root, check=True,
                   capture_output=True)


@pytest.fixture
def workbook(tmp_path):
    copy_workbook(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "the stubs")
    return tmp_path


def grade(root, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("KATAS_ROOT", "KATAS_STATE")}
    return subprocess.run([sys.executable, "grade.py", *args], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=60)


def work(root):
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("    # TODO\n    raise NotImplementedError\n\n\ndef sgd",
                        "    return (y_hat - y) ** 2 / 2  # my loss\n\n\ndef sgd")
    text = text.replace(SGD_STUB, "    pass  # my sgd")
    path.write_text(text, encoding="utf-8")
    return text


def test_reset_restores_one_exercise_and_backs_up(workbook):
    stub = (workbook / FILE).read_text(encoding="utf-8")
    mine = work(workbook)
    git(workbook, "commit", "-qam", "my work")  # even committed work: the stub comes from history
    proc = grade(workbook, "--reset", "squared_loss")
    assert proc.returncode == 0, proc.stderr
    assert "squared_loss in exercises/ch3_2_linear_regression_scratch.py restored to the stub" in proc.stdout
    now = (workbook / FILE).read_text(encoding="utf-8")
    assert "my loss" not in now and "pass  # my sgd" in now  # only that exercise
    assert now == stub.replace(SGD_STUB, "    pass  # my sgd")
    (backup,) = (workbook / ".katas" / "backup").iterdir()
    assert backup.read_text(encoding="utf-8") == mine and backup.name in proc.stdout

    again = grade(workbook, "--reset", "squared_loss", "--lang", "zh")
    assert again.returncode == 0 and "已经是初始代码" in again.stdout
    assert len(list((workbook / ".katas" / "backup").iterdir())) == 1


def test_a_file_that_does_not_parse_needs_force(workbook):
    work(workbook)
    broken = (workbook / FILE).read_text(encoding="utf-8") + "\ndef oops(:\n"
    (workbook / FILE).write_text(broken, encoding="utf-8")
    proc = grade(workbook, "--reset", "linreg_sgd")
    assert proc.returncode == 1 and "does not parse" in proc.stderr and "--force" in proc.stderr
    assert (workbook / FILE).read_text(encoding="utf-8") == broken
    proc = grade(workbook, "--reset", "linreg_sgd", "--force")
    assert proc.returncode == 0 and "restored to the stub" in proc.stdout
    (backup,) = (workbook / ".katas" / "backup").iterdir()
    assert backup.read_text(encoding="utf-8") == broken
    assert "raise NotImplementedError" in (workbook / FILE).read_text(encoding="utf-8")


def test_form_feeds_and_line_separators_move_no_definition():
    """Red team 28: a ^L before each definition (PEP 8's page breaks) or a U+2028 in a comment made --reset replace
    lines of another exercise (str.splitlines breaks there, Python does not)."""
    from katas.reset import replace_definitions

    mine = ("\x0c\ndef add_one_(X):\n    X += 1  # in place\u2028really\n\n\x0c\ndef add_one(X):\n    return X + 1\n")
    stub = "def add_one_(X):\n    raise NotImplementedError\n\n\ndef add_one(X):\n    raise NotImplementedError\n"
    out = replace_definitions(mine, stub, ("add_one_",))
    assert "    return X + 1\n" in out and "raise NotImplementedError" in out and "X += 1" not in out
    compile(out, "reset.py", "exec")


def test_a_decorator_whose_at_stands_above_its_expression_is_replaced_whole():
    """Red team 39: `@(` on a line of its own, its expression below: the decorator's line as the AST gives it is the
    expression's, and --reset left `@(` in front of the stub (every exercise of the file then failed to import)."""
    from katas.reset import replace_definitions

    mine = "import x\n\n\n@(\n    lambda f: f\n)\ndef add_one(X):\n    return X @ X\n\n\ndef other():\n    pass\n"
    out = replace_definitions(mine, "def add_one(X):\n    raise NotImplementedError\n", ("add_one",))
    assert out == "import x\n\n\ndef add_one(X):\n    raise NotImplementedError\n\n\ndef other():\n    pass\n", out
    compile(out, "reset.py", "exec")


def test_lone_carriage_returns_move_no_decorator():
    """Red team 41: a comment ending in \\r\\r\\r\\r\\n (Python counts three more lines), or a file of \\r line ends: a
    decorator's @ was numbered otherwise than Python does, and --reset replaced another exercise's lines."""
    from katas.reset import replace_definitions

    for end in ("\n", "\r"):
        mine = "def add_one(X):\n    # note\r\r\r\r\n    return X + 1\n\n\n@torch.no_grad()\ndef sgd(p):\n    p -= 1\n"
        mine = mine.replace("\n", end) if end == "\r" else mine
        out = replace_definitions(mine, "def sgd(p):\n    raise NotImplementedError\n", ("sgd",))
        assert "return X + 1" in out and "p -= 1" not in out and "@torch.no_grad()" not in out, repr(out)


def test_a_stub_file_without_a_last_newline_runs_into_no_line_of_yours():
    """Red team 44: the committed stub ended without a newline, and its last line was spliced onto the learner's next
    line (`raise NotImplementedErrorDEBUG = False`): every exercise of the file failed to import."""
    from katas.reset import replace_definitions

    mine = "def add_one(X):\n    return X + 1\nDEBUG = False\n"
    out = replace_definitions(mine, "def add_one(X):\n    raise NotImplementedError", ("add_one",))
    assert out == "def add_one(X):\n    raise NotImplementedError\nDEBUG = False\n", out


def test_why_a_file_does_not_parse_prints_no_warning_of_its_text():
    """Red team 44: Python 3.12+ warns of an invalid escape with the line raw (its escapes reached the terminal)."""
    import warnings
    from pathlib import Path

    from katas.reset import _why_unparsable

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would be an error here: none is given
        assert "line 2" in _why_unparsable("NOTE = '\\d \x1b[2J'\n(\n", Path("f.py"))


def test_a_latin1_file_keeps_its_other_bytes(workbook):
    """Red team 32: a file with a Latin-1 coding line was read as UTF-8 with replacement characters and written
    back so: another exercise's "é" became three other bytes, and its test failed."""
    path = workbook / FILE
    text = "# -*- coding: latin-1 -*-\n" + work(workbook).replace('"""', '"""é ', 1)
    path.write_bytes(text.encode("latin-1", errors="replace"))
    proc = grade(workbook, "--reset", "squared_loss")
    # the stub's 中文 comments do not fit in Latin-1: refused, the file untouched, until --force
    assert proc.returncode == 1 and "saved in iso-8859-1" in proc.stderr and "UTF-8" in proc.stderr, proc.stderr
    assert path.read_bytes() == text.encode("latin-1", errors="replace")
    proc = grade(workbook, "--reset", "squared_loss", "--force")
    assert proc.returncode == 0 and "restored to the stub" in proc.stdout
    assert "raise NotImplementedError" in path.read_text(encoding="utf-8")


def test_reset_keeps_a_files_own_encoding_and_newlines():
    from katas.reset import _decode, replace_definitions

    mine = "# coding: latin-1\r\nNAME = 'café'\r\n\r\ndef add_one(X):\r\n    return X + 1\r\n".encode("latin-1")
    source, encoding = _decode(mine)
    assert encoding == "iso-8859-1" and "café" in source
    out = replace_definitions(source, "def add_one(X):\n    raise NotImplementedError\n", ("add_one",))
    assert out.encode(encoding).startswith(b"# coding: latin-1\r\nNAME = 'caf\xe9'\r\n\r\ndef add_one(X):\n    raise")


def test_a_definition_is_replaced_where_it_is_not_where_its_text_first_appears():
    from katas.reset import replace_definitions

    body = "def add_one(X):\n    return X + 1\n"
    mine = f'"""An example:\n\n{body}"""\n\n\n{body}'
    out = replace_definitions(mine, "def add_one(X):\n    raise NotImplementedError\n", ("add_one",))
    assert out == f'"""An example:\n\n{body}"""\n\n\ndef add_one(X):\n    raise NotImplementedError\n'


def test_a_linked_exercise_file_is_not_written_through(workbook):
    """Red team 32 linked an exercise file to its solution; reset wrote the stub into solutions/."""
    solution = workbook / "solutions" / Path(FILE).name
    before = solution.read_bytes()
    (workbook / FILE).unlink()
    (workbook / FILE).symlink_to(solution)
    proc = grade(workbook, "--reset", "squared_loss")
    assert proc.returncode == 1 and "is a link" in proc.stderr
    assert solution.read_bytes() == before and (workbook / FILE).is_symlink()


def test_git_runs_no_command_of_the_workbooks_config(workbook):
    """Red team 32: with the stub's object deleted and the clone made partial, git's lazy fetch ran the remote's
    uploadpack, a script of the workbook's, outside every wall."""
    marker = workbook / "ran.txt"
    script = workbook / ".git" / "fetch.sh"
    script.write_text(f"#!/bin/sh\ndate > {marker}\nexit 1\n")
    script.chmod(0o755)
    blob = subprocess.run(["git", "rev-parse", f"HEAD:{FILE}"], cwd=workbook, capture_output=True,
                          text=True).stdout.strip()
    (workbook / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    for key, value in [("core.repositoryformatversion", "1"), ("extensions.partialClone", "origin"),
                       ("remote.origin.promisor", "true"), ("remote.origin.url", str(workbook / ".git" / "none")),
                       ("remote.origin.uploadpack", str(script))]:
        git(workbook, "config", key, value)
    proc = grade(workbook, "--reset", "squared_loss")
    assert not marker.exists()
    assert proc.returncode == 1 and "cannot find the original stub" in proc.stderr


def test_an_encoding_whose_text_gives_other_bytes_back_needs_force():
    """Red team 34: under a raw_unicode_escape coding line, r"\\u005cu0032" (six characters as Python reads it) was
    written back as \\u0032, which Python reads as "2": another exercise's code changed."""
    from katas.reset import _decode

    data = b'# -*- coding: raw_unicode_escape -*-\nS = r"\\u005cu0032"\n'
    source, encoding = _decode(data)
    assert source.encode(encoding) != data  # what main() refuses without --force


def test_reset_keeps_the_files_mode(workbook):
    """Red team 34: a learner's 0600 file came back 0644, and its backup too."""
    work(workbook)
    (workbook / FILE).chmod(0o600)
    proc = grade(workbook, "--reset", "squared_loss")
    assert proc.returncode == 0, proc.stderr
    assert (workbook / FILE).stat().st_mode & 0o777 == 0o600
    (backup,) = (workbook / ".katas" / "backup").iterdir()
    assert backup.stat().st_mode & 0o777 == 0o600


def test_a_backup_that_cannot_be_written_changes_nothing_and_says_why(workbook):
    """Red team 37 made .katas/backup a link to a folder elsewhere: nothing went through it, but the learner got a
    traceback."""
    mine = work(workbook)
    elsewhere = workbook / "my_notes"
    elsewhere.mkdir()
    (workbook / ".katas").mkdir(exist_ok=True)
    (workbook / ".katas" / "backup").symlink_to(elsewhere)
    proc = grade(workbook, "--reset", "squared_loss")
    assert proc.returncode == 1 and "could not be backed up" in proc.stderr and "Traceback" not in proc.stderr
    assert (workbook / FILE).read_text(encoding="utf-8") == mine and list(elsewhere.iterdir()) == []
