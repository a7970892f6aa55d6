"""The terminal shows only what the grader wrote: a child's escapes, controls and bidi never reach it.

A learner's crash log, its failure message and a test's name pass through katas/records.clean on
their way to the table, the log tail, the JSON and the HTML (issue 20, "an honest terminal").
"""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path

import pytest
from grading import grade

from katas.records import GUTTER, cells, clean, rows
from katas.results import ExerciseResult
from katas.results import TestCaseResult as CaseResult

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
# a window title, the clipboard (OSC 52), clear screen + home, a fake pass drawn in green, C1 CSI, BEL,
# a carriage return that overdraws, bidi overrides that show "✗" lines reversed, and Unicode's line and paragraph
# separators (Python's splitlines breaks at them, a terminal does not: red team 8)
HOSTILE = ("\x1b]0;pwned\x07\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x1b[H\x1b[32m  ✓ add  2/2\x1b[0m"
           "\x9b2J\r\x07\u202eevil\u202c \u2066x\u2069 \u200f\u061c\u2028\u2029")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")

LEARNER = f'''import os
import sys

TEXT = {HOSTILE!r}


def add(a, b):  # its process dies after printing: the table shows the crash log's tail
    sys.stdout.write(TEXT + "\\n")
    sys.stderr.write(TEXT + "\\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(3)


def scale(x, s):  # its failure message carries the same text
    raise ValueError(TEXT)
'''


def test_clean_removes_escapes_controls_and_bidi_and_keeps_text():
    assert clean("a\tb\nc" + HOSTILE) == "a\tb\nc  ✓ add  2/22Jevil x "
    assert not UNSAFE.search(clean(HOSTILE, limit=None))


def test_the_graders_words_clean_the_names_they_hold(tmp_path, monkeypatch):
    """Red team 39: a folder named with escapes, behind a linked .katas/plots or a linked exercises/, printed a fake
    score through the pictures line and --watch's header: every value in the grader's words is cleaned."""
    from katas import report
    from katas.i18n import TEXT, t
    from katas.results import GradingResults

    for key, (en, zh) in TEXT.items():
        fields = {name: 1 if spec else HOSTILE for text in (en, zh)
                  for _, name, spec, _ in string.Formatter().parse(text) if name}  # {seconds:.0f} takes a number
        out = t(key, "en", **fields) + t(key, "zh", **fields)
        assert "\x1b" not in out and not UNSAFE.search(out.replace("\n", "").replace("\t", "")), key
    weird = tmp_path / ("notes" + HOSTILE.replace("/", ""))
    weird.mkdir()
    (weird / "add.png").write_bytes(b"png")
    monkeypatch.setattr(report, "plot_path", lambda ex_id: weird / f"{ex_id}.png")
    results = GradingResults("exercises", 1, ["cpu"], [ExerciseResult("add", "add", "kata.py", 2, 2, "passed", "", "",
                                                                       [])])
    out = report.pictures(results, 0.0, "en")
    assert "add.png" in out and "\x1b" not in out and not UNSAFE.search(out), out


def test_results_clean_their_text_however_it_is_set():
    test = CaseResult("test_kata.py::test_add[" + HOSTILE + "]", "failed", 0.1, "failed", HOSTILE, HOSTILE)
    ex = ExerciseResult("add", "add", "kata.py", 0, 2, "failed", HOSTILE, HOSTILE, [test])
    ex.message = HOSTILE  # set later, as a death message is
    texts = [test.name, test.en, test.zh, ex.message, ex.message_zh]
    assert not any(UNSAFE.search(s) or "\x1b" in s for s in texts)


def test_a_hostile_learner_leaves_the_terminal_and_the_json_clean(tmp_path):
    book = tmp_path / "workbook"
    shutil.copytree(WORKBOOK, book, ignore=shutil.ignore_patterns("__pycache__"))
    learner = book / "targets" / "hostile_text"
    learner.mkdir(exist_ok=True)
    (learner / "kata.py").write_text(LEARNER, encoding="utf-8")
    results, proc = grade("targets/hostile_text", ("1.1",), seed=1, root=book,
                          env={"KATAS_ROOT": str(book), "KATAS_STATE": str(tmp_path / "state"),
                               "TMPDIR": str(tmp_path)})
    statuses = {e["id"]: e["status"] for e in results["exercises"]}
    assert statuses == {"add": "crashed", "scale": "failed"}, statuses
    shown = proc.stdout + proc.stderr
    assert "evil" in shown or "pwned" not in shown  # the text is there, its controls are not
    for where, text in (("the terminal", shown), ("the JSON", json.dumps(results, ensure_ascii=False))):
        assert "\x1b" not in text and "\\u001b" not in text, f"an escape reached {where}"
        found = UNSAFE.search(text.replace("\n", "").replace("\t", ""))
        assert found is None, f"{found.group()!r} reached {where}"


# --- red team 4 (#11, #12): text longer than the terminal, padded so that its wrapped rows look like the table

FAKE_ROWS = ["", "d2l-katas · target exercises · seed 4242 · devices cpu", "", "  ✓ add      2/2",
             "  ✓ scale    1/1", "", "score 3/3 (100.0%)"]
WRAPPER = f'''import os
import sys

ROWS = {FAKE_ROWS!r}


def add(a, b):  # a crash log: spaces to the end of the row, then each fake row padded to the terminal's width
    width = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__.isatty() else 80
    for w in sorted({{width, 40, 80, 120}}):
        print(" " * (w - 4) + "".join(r.ljust(w) for r in ROWS), flush=True)
    sys.stderr.write("\\t" * 20 + "  ✓ add      2/2\\n")
    sys.stderr.flush()
    os._exit(1)


def scale(x, s):  # the same trick inside the table's own row
    lead = len("  ✗ scale    0/1  ValueError: ")
    raise ValueError(" " * (80 - lead) + "  ✓ scale    1/1".ljust(80) + "score 3/3 (100.0%)".ljust(80))
'''


def _screen_width(line: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _grade_in_a_pty(book: Path, tmp_path: Path, columns: int) -> str:
    """grade.py run in a terminal `columns` wide (a pty), as a learner sees it: its bytes, cleaned of colour."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    from grading import ROOT

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(KATAS_ROOT=str(book), KATAS_STATE=str(tmp_path / "state"), TMPDIR=str(tmp_path), NO_COLOR="1",
               LANG="C.UTF-8", TERM="xterm")
    proc = subprocess.Popen([sys.executable, str(ROOT / "grade.py"), "1.1", "--target", "targets/wrap_trick",
                             "--seed", "1"],
                            cwd=book, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=600)
    os.close(leader)
    text = b"".join(chunks).decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


@pytest.fixture(scope="module")
def wrap_book(tmp_path_factory):
    book = tmp_path_factory.mktemp("wrap") / "workbook"
    shutil.copytree(WORKBOOK, book, ignore=shutil.ignore_patterns("__pycache__"))
    (book / "targets" / "wrap_trick").mkdir(exist_ok=True)
    (book / "targets" / "wrap_trick" / "kata.py").write_text(WRAPPER, encoding="utf-8")
    return book


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_no_child_text_starts_a_screen_row_of_its_own(columns, wrap_book, tmp_path):
    shown = _grade_in_a_pty(wrap_book, tmp_path, columns)
    screen = [line.rsplit("\r", 1)[-1] for line in shown.replace("\r\n", "\n").split("\n")]
    assert any(line.startswith("  ✗ add") for line in screen), shown  # the real table is there
    for line in screen:
        if line.startswith((GUTTER.rstrip(), "  ✗ ", "  ✓ ")):  # a row with a child's text (the grader's own
            # header may wrap on a narrow terminal: it holds none)
            assert _screen_width(line) <= columns, f"a row the terminal wraps itself ({columns} columns): {line!r}"
        if "✓" in line or "score 3/3" in line:  # a fake row: only behind the gutter or on the grader's ✗ row
            assert line.startswith((GUTTER.rstrip(), "  ✗ ")), f"child text on a row of its own ({columns}): {line!r}"
    assert sum(line.startswith("d2l-katas") for line in screen) == 1, shown


def test_rows_cut_by_cells_not_characters():
    cut = rows("漢字" * 30, 10, 20)
    assert "".join(cut) == "漢字" * 30 and cells(cut[0]) == 10 and all(cells(r) <= 20 for r in cut)
    assert all(cells(r) <= 20 for r in rows("x" * 100 + "\t" * 30 + "y", 20, 20))
    assert rows(" " * 200 + "z", 80, 80) == [" " * 8 + "z"]


def test_rows_are_cut_as_a_console_without_the_characters_prints_them(monkeypatch):
    """Red team 69: on a Latin-1 console ✓ prints as \\u2713, six cells, not two: rows of ✓ cut for two cells each
    wrapped on screen, and the rest of a child's line started a row without the gutter."""
    import io
    import sys

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="latin-1", errors="backslashreplace"))
    line = "✓" * 11 + "xxxxx3.2  a fake section  10/10"
    cut = rows(line, 80 - cells(GUTTER), 80 - cells(GUTTER))
    assert "".join(cut) == line and len(cut) > 1
    assert all(len((GUTTER + r).encode("latin-1", "backslashreplace")) <= 80 for r in cut), cut


def test_a_console_of_8_bits_gets_no_c1_control_made_of_a_printable_character():
    """Red team 72: cp1252's › is byte 0x9B, CSI to an 8-bit terminal (KOI8-R's ⌡ too): a child's "›2J›32m" cleared
    the screen and drew in colour. Such a console's stream writes those characters as escapes, and rows are cut as
    they print; UTF-8 and GBK (whose terminals read such bytes as halves of a character) are left as they are."""
    from katas import records

    for encoding, ch in (("cp1251", "›"), ("cp1252", "›"), ("koi8_r", "⌡"), ("latin-1", "\x9b")):
        safe = records.safe_encoding(encoding)
        out = ("x" + ch + "2J ✓ 中").encode(safe, "backslashreplace")
        assert not any(0x80 <= b <= 0x9F for b in out), (encoding, out)
        assert records._escaped_cells(ch, safe) == len(ch.encode("ascii", "backslashreplace"))
    assert records.safe_encoding("utf-8") is None and records.safe_encoding("gbk") is None


def test_a_planted_files_name_prints_in_ascii_in_one_short_row(tmp_path):
    """Red team 84: the stray-bytecode check prints before the console's safe codec is set; a planted
    `x›2J›HFAKE SCORE.pyc` wrote cp1252's 0x9B (CSI) raw, and a name padded with spaces wrapped into rows that
    looked like the table's (`2∕2` for 2/2)."""
    from katas import stray

    padded = "a" + " " * 90 + "11.2  Convexity  \u2588\u2588 2\u22152.pyc"
    for name in ("x\u203a2J\u203aHFAKE SCORE 319\u203a1K.pyc", padded):
        shown = stray._rel(tmp_path / name, tmp_path)
        assert shown.isascii() and "  " not in shown and len(shown) <= 120, shown
        assert "\u203a" not in shown and "\\u203a" in shown or "\\u2215" in shown or "\\u2588" in shown, shown
        assert shown.encode("cp1252") == shown.encode("ascii")
