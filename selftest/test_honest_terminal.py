"""The terminal shows only what the grader wrote: a child's escapes, controls and bidi never reach it.

A learner's crash log, its failure message and a test's name pass through katas/records.clean on
their way to the table, the log tail, the JSON and the HTML (issue 20, "an honest terminal").
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from grading import grade

from katas.records import clean
from katas.results import ExerciseResult
from katas.results import TestCaseResult as CaseResult

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
# a window title, the clipboard (OSC 52), clear screen + home, a fake pass drawn in green, C1 CSI, BEL,
# a carriage return that overdraws, and bidi overrides that show "✗" lines reversed
HOSTILE = ("\x1b]0;pwned\x07\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x1b[H\x1b[32m  ✓ add  2/2\x1b[0m"
           "\x9b2J\r\x07\u202eevil\u202c \u2066x\u2069 \u200f\u061c")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

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
