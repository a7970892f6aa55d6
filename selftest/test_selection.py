"""What `python grade.py WORD` grades: an id, a Python name (all its exercises), a section; typos get suggestions.

A Python name that several sections share (sgd, net, get_net, ...) never silently grades one of them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from grading import ROOT, grade

from katas import catalog as catalog_mod
from katas import cli

CATALOG = catalog_mod.load()
NAMES = sorted({n for ex in CATALOG.exercises for n in ex.names})
SHARED = [n for n in NAMES if sum(n in ex.names for ex in CATALOG.exercises) > 1]


def test_there_are_shared_names_to_test():
    assert {"sgd", "net", "init_params", "init_weights", "get_net", "train_concise"} <= set(SHARED)


def test_no_id_is_a_name_another_exercise_shares():
    """Else `python grade.py sgd` could mean 3.2's exercise alone, or every sgd."""
    ids = {ex.id for ex in CATALOG.exercises}
    assert not ids & set(SHARED), sorted(ids & set(SHARED))


@pytest.mark.parametrize("name", SHARED)
def test_a_shared_name_selects_every_exercise_with_it(name):
    expected = [ex for ex in CATALOG.exercises if name in ex.names]
    assert CATALOG.select([name]) == expected
    assert CATALOG.shared(name) == expected


@pytest.mark.parametrize("name", SHARED)
@pytest.mark.parametrize("flag", ["--hint", "--compare", "--reset"])
def test_one_exercise_commands_refuse_a_shared_name_and_list_the_ids(name, flag, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("KATAS_STATE", str(tmp_path))
    assert cli.main([flag, name]) == 2
    err = capsys.readouterr().err
    for ex in CATALOG.exercises:
        if name in ex.names:
            assert ex.id in err, err


def test_an_id_selects_that_exercise_alone():
    for ex in CATALOG.exercises:
        assert CATALOG.select([ex.id]) == [ex]


@pytest.mark.parametrize("word", ["3.6", "ch3_6_softmax_scratch", "ch3_6_softmax_scratch.py",
                                  "exercises/ch3_6_softmax_scratch.py"])
def test_a_section_by_number_or_file(word):
    section = next(s for s in CATALOG.sections if s.number == "3.6")
    assert CATALOG.select([word]) == list(section.exercises)


@pytest.mark.parametrize("chapter", sorted({s.number.split(".")[0] for s in CATALOG.sections}))
def test_a_chapter_by_number_selects_every_section_of_it(chapter):
    expected = [ex for s in CATALOG.sections if s.number.split(".")[0] == chapter for ex in s.exercises]
    assert CATALOG.select([chapter]) == expected and len({ex.section for ex in expected}) > 1


@pytest.mark.parametrize("flag", ["--hint", "--compare"])
def test_one_exercise_commands_list_a_chapters_ids(flag, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("KATAS_STATE", str(tmp_path))
    assert cli.main([flag, "7"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("7 names several exercises: say which id (alexnet, ") and "densenet" in err
    assert "Python name" not in err


def test_a_typo_gets_suggestions(capsys):
    assert cli.main(["sdg"]) == 2
    assert "unknown exercise: sdg — did you mean sgd" in capsys.readouterr().err


def test_output_piped_into_head_ends_quietly():
    """`python grade.py --list | head -1`: no BrokenPipeError traceback, 141 as a shell tool killed by SIGPIPE."""
    proc = subprocess.Popen([sys.executable, "grade.py", "--list"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141 and err == "", err


def test_grading_a_shared_name_grades_each_and_says_so():
    results, proc = grade(ROOT / "solutions", ("init_weights",))
    assert [e["id"] for e in results["exercises"]] == [ex.id for ex in CATALOG.exercises if "init_weights" in ex.names]
    assert all(e["status"] == "passed" for e in results["exercises"])
    assert "init_weights is the Python name of 2 exercises" in proc.stdout, proc.stdout


@pytest.mark.parametrize("flags", [["--watch"], ["--compare", "add_one"]])
def test_instructor_mode_refuses_the_self_study_tools(flags, capsys, tmp_path, monkeypatch):
    """Red team I6: `--instructor --watch` graded in self-study and showed a forged pass, with no word of it."""
    monkeypatch.setenv("KATAS_STATE", str(tmp_path))
    assert cli.main(["add_one", "--instructor", *flags]) == 2
    assert "--instructor" in capsys.readouterr().err


def test_an_optimizer_graded_alone_passes_on_the_reference():
    """Red team 89: graded alone (no warm-up), an optimizer's first step imported torch._dynamo, which binds
    torch._numpy; the fixture that undoes learner patches after each test deleted it, and the next test's guard
    refused the reference's adam, sgd_momentum, adagrad: 'replaced torch._numpy while it ran'; and (red team 95)
    torch._dynamo wraps torch.manual_seed, which that fixture put back: minibatch_sgd's reference refused."""
    results, proc = grade(ROOT / "solutions", ("adam", "sgd_momentum", "minibatch_sgd"))
    assert results["score"] == results["max_score"] == 6, proc.stdout
