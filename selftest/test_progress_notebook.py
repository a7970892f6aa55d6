"""Progress line (TTY only), chapter bars, the status words in 中文, and check() for notebooks."""

import io
from pathlib import Path

import pytest

from katas import catalog as catalog_mod
from katas import report
from katas.results import ExerciseResult, GradingResults

ROOT = Path(__file__).resolve().parent.parent


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def _results():
    cat = catalog_mod.load()
    sq, sgd, lin = cat.get("squared_loss"), cat.get("linreg_sgd"), cat.get("linreg")
    return cat, GradingResults("exercises", 42, ["cpu"], [
        ExerciseResult(lin.id, lin.name, lin.file, 1, 1, "passed", ""),
        ExerciseResult(sq.id, sq.name, sq.file, 0, 1, "timeout", "took longer than 20 s", "运行超过 20 秒"),
        ExerciseResult(sgd.id, sgd.name, sgd.file, 0, 2, "not_started", "not started"),
    ])


def test_table_golden_in_both_languages():
    cat, results = _results()
    en = report.table(results, cat, "en", "exercises", False).splitlines()
    zh = report.table(results, cat, "zh", "exercises", False).splitlines()
    assert en[2] == "3.2  Linear regression from scratch  ██░░░░░░░░ 1/4"
    assert en[3:6] == ["  ✓ linreg          1/1", "  ✗ squared_loss    0/1  timeout: took longer than 20 s",
                       "  · linreg_sgd      0/2  not started"]
    assert zh[2] == "3.2  线性回归的从零开始实现  ██░░░░░░░░ 1/4"
    assert zh[4:6] == ["  ✗ squared_loss    0/1  超时：运行超过 20 秒", "  · linreg_sgd      0/2  尚未开始"]


def test_chapter_bars_cover_the_whole_catalogue():
    cat, results = _results()
    out = report.chapters({e.id: e for e in results.exercises}, cat, "zh", False).splitlines()
    chapters = list(dict.fromkeys(ex.section.split(".")[0] for ex in cat.exercises))
    assert out[0] == "各章进度" and len(out) == 1 + len(chapters)
    total = sum(ex.points for ex in cat.exercises if ex.section.startswith(chapters[0] + "."))
    assert out[1].startswith(f"  第 {chapters[0]} 章") and out[1].endswith(f" 1/{total}")


def test_ticker_draws_on_a_tty_only():
    tty, pipe = FakeTTY(), io.StringIO()
    for stream in (tty, pipe):
        tick = report.Ticker("en", 2, stream)
        tick({"event": "collected", "tests": [{}, {}, {}]})
        tick({"event": "start", "nodeid": "tests/test_x.py::test_sgd[cpu]"})
        tick({"event": "result", "nodeid": "tests/test_x.py::test_sgd[cpu]"})
        tick.close()
    assert pipe.getvalue() == ""
    out = tty.getvalue()
    assert "checking 2 exercise(s)… [0/3] test_sgd[cpu]" in out and "[1/3]" in out and out.endswith("\r\033[K")


def test_check_in_a_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("KATAS_STATE", str(tmp_path))
    from grade import check

    rep = check("squared_loss", target="solutions", lang="en", seed=3)
    assert rep.passed
    text = str(rep)
    assert text.startswith("d2l-katas · target solutions · seed 3") and "✓ squared_loss" in text
    assert "progress by chapter" in text and repr(rep) == text
    html = rep._repr_html_()
    assert html.startswith('<div class="d2l-katas">') and "<code>squared_loss</code>" in html
    assert "score 1/1 (100.0%)" in html and "<script" not in html
    with pytest.raises(KeyError):
        check("no_such_exercise")
    with pytest.raises(KeyError) as typo:  # the CLI's words, not a raw KeyError of a tuple
        check("corr2D")
    assert str(typo.value).startswith("unknown exercise: corr2D — did you mean corr2d?")
