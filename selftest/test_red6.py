"""Red team 6's breaks of issue 20 that live outside the from-scratch guard, each pinned: another file's code run
in this exercise's process through `d2l.` (it forged the exercise's records), a character Python thinks one cell
wide that the terminal draws two, and a second walls record that hid what the sandbox lacks."""

from __future__ import annotations

import shutil

from katas import records, runner
from katas.catalog import ROOT, load
from katas.sections import Sections
from selftest.grading import grade

FORGER = '''
import sys as _sys
_plugin = _sys.modules.get("katas.plugin")
if _plugin is not None:
    _write = _plugin.Recorder.write
    def _forged(self, **record):
        if record.get("event") == "result":
            record.update(outcome="passed", status="passed", en="", zh="")
        return _write(self, **record)
    _plugin.Recorder.write = _forged
'''


def test_a_section_file_reads_the_other_sections_from_the_reference_while_graded(tmp_path, monkeypatch):
    (tmp_path / "earlier.py").write_text("def f():\n    return 'learner'\n")
    (tmp_path / "here.py").write_text("def g():\n    return 'own'\n")
    reference = tmp_path / "ref"
    reference.mkdir()
    (reference / "earlier.py").write_text("def f():\n    return 'reference'\n")
    monkeypatch.setattr(Sections, "graded", (tmp_path.resolve(), reference))
    d2l = Sections(str(tmp_path / "here.py"), "earlier.py", "here.py")
    assert (d2l.f(), d2l.g()) == ("reference", "own")  # a section that names itself keeps its own code
    monkeypatch.setattr(Sections, "graded", None)  # outside the tests (the learner's own run): their own sections
    assert Sections(str(tmp_path / "here.py"), "earlier.py").f() == "learner"


def test_code_in_an_earlier_section_earns_a_later_one_no_point(tmp_path):
    """ch10_7's untouched stubs subclass d2l.AttentionDecoder at import; a ch10_4 that rewrote the child's records
    made them 12/12."""
    target = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", target)
    earlier = target / "ch10_4_bahdanau_attention.py"
    earlier.write_text(FORGER + earlier.read_text(encoding="utf-8"), encoding="utf-8")
    results, _ = grade(target, ("PositionWiseFFN", "AddNorm"))
    scores = {e["id"]: e["points"] for e in results["exercises"]}
    assert scores == {"PositionWiseFFN": 0, "AddNorm": 0}, scores


def test_rows_count_every_character_past_ascii_two_cells():
    """U+4DC0's hexagrams: one cell for Python's table, two on a terminal; 24 of them pushed a fake row onto a
    screen row of its own."""
    fake = "\u4dc0" * 24 + "  \u2713 cross_entropy  1/1"
    for row in records.rows(fake, 40, 40):
        assert sum(1 if ch < "\x7f" else 2 for ch in row) <= 40, row
    assert records.cells("\u4dc0\u2713é中") == 8 and records.cells("ab c") == 4


def test_only_a_childs_first_walls_record_counts():
    ex = load().exercises[0]

    class Outlet:
        refused = 0

        def lines(self):
            return [b'{"event": "walls", "held": ["PID namespace"], '
                    b'"missing": ["memory cap (Operation not permitted)"]}',
                    b'{"event": "walls", "held": [], "missing": []}']

    child = runner._Child(ex, {}, ROOT, None, outlet=Outlet())
    result = runner.Run()
    runner._read_records(child, result, None)
    assert result.walls[ex.id] == (("PID namespace",), ("memory cap (Operation not permitted)",))


def test_a_flood_of_lines_that_are_no_record_is_counted_not_parsed(monkeypatch):
    """Red team 134: 256 KiB of empty lines a look cost the runner's loop, which polices every child, 1.7 s each.
    Past REFUSED_A_LOOK such lines a look, the rest of the look is counted, not parsed (a flooding child's own
    records among them are its loss alone)."""
    ex = load().exercises[0]
    flood = [b""] * 100_000 + [b'{"event": "finish"}']

    class Outlet:
        refused = 0

        def lines(self):
            return flood

    parsed = []
    real = runner.parse
    monkeypatch.setattr(runner, "parse", lambda line, tests: parsed.append(line) or real(line, tests))
    child = runner._Child(ex, {}, ROOT, None, outlet=Outlet())
    result = runner.Run()
    runner._read_records(child, result, None)
    assert len(parsed) == runner.REFUSED_A_LOOK and result.refused == len(flood) and not child.finished
    flood[:] = [b'{"event": "finish"}']  # a look with no flood: read as ever
    runner._read_records(child, result, None)
    assert child.finished
