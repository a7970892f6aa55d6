"""What the learner reads after grading: the most specific message, what comes next, the pictures drawn."""

from __future__ import annotations

import os
import time

import pytest

from katas import catalog as catalog_mod
from katas import report
from katas import results as results_mod
from katas.results import ExerciseResult, GradingResults, vagueness

CATALOG = catalog_mod.load()


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("KATAS_STATE", str(tmp_path))
    return tmp_path


def _failed(name, en):
    return results_mod.TestCaseResult(name, "failed", 0.1, "failed", en, en)


@pytest.mark.parametrize("message, rank", [
    ("RuntimeError: mat1 and mat2 shapes cannot be multiplied (3x1 and 5x3) (exercises/x.py:3)", 2),
    ("squared_loss(y_hat (3, 1), y (3,)): values differ at index (2, 0): got 1, expected 2 (largest error 1)", 1),
    ("squared_loss(y_hat (3, 1), y (3,)) returned shape (3, 3), expected (3, 1)", 1),
    ("Timer.sum() returned 2.5, expected 4", 1),
    ("squared_loss(y_hat (3, 1), y (3,)) returned shape (3, 3), expected (3, 1): reshape y to y_hat's shape", 0),
    ("the operands of the matrix product are swapped: ... (RuntimeError: mat1 and mat2 ...)", 0),
    ("call d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer), in that order", 0),
])
def test_vagueness(message, rank):
    assert vagueness(message) == rank


def test_the_summary_shows_the_failure_that_names_the_mistake():
    ex = CATALOG.get("squared_loss")
    tests = [
        _failed("t1", "RuntimeError: The size of tensor a (3) must match the size of tensor b (4)"),
        _failed("t2", "squared_loss(...): values differ at index (1, 0): got 2, expected 1 (largest error 1)"),
        _failed("t3", "squared_loss(...): values differ at index (1, 0): got 2, expected 1: the loss lacks the / 2"),
        _failed("t4", "squared_loss(...) returned shape (3,), expected (3, 1): keep y_hat's shape"),
    ]
    r = ExerciseResult.from_tests(ex, tests)
    assert r.status == "failed" and r.message.endswith("lacks the / 2")  # the first of the named ones
    r = ExerciseResult.from_tests(ex, tests[:2])
    assert r.message.startswith("squared_loss(...): values differ")  # a report beats a bare exception
    crashed = results_mod.TestCaseResult("t5", "crashed", 0.0, "crashed", "the test process crashed (SIGSEGV)", "")
    assert ExerciseResult.from_tests(ex, [tests[2], crashed]).status == "crashed"  # status first


def _results(*pairs):
    exercises = []
    for ex_id, status in pairs:
        ex = CATALOG.get(ex_id)
        exercises.append(ExerciseResult(ex.id, ex.name, ex.file, ex.points if status == "passed" else 0,
                                        ex.points, status, ""))
    return GradingResults("exercises", 1, ["cpu"], exercises)


def test_a_single_pass_says_what_comes_next():
    results = _results(("linreg", "passed"))
    known = {"synthetic_data": results.exercises[0].__class__(**{**vars(results.exercises[0]), "id": "synthetic_data",
                                                                  "status": "passed"}),
             "linreg": results.exercises[0]}
    out = report.next_step(results, "en", "exercises", CATALOG, known)
    assert out == ("passed. next: data_iter in exercises/ch3_2_linear_regression_scratch.py, "
                   "then: python grade.py data_iter")
    assert report.next_step(results, "zh", "exercises", CATALOG, known).startswith("通过！下一步：")
    assert report.next_step(results, "en", "exercises") == "every selected exercise passes. " \
                                                          "Compare with solutions/ to see another way."


def test_a_failure_still_points_at_itself():
    results = _results(("linreg", "failed"), ("squared_loss", "passed"))
    assert report.next_step(results, "en", "solutions", CATALOG, {}) == (
        "next: linreg in solutions/ch3_2_linear_regression_scratch.py, then: python grade.py linreg --target solutions")


def test_the_whole_workbook_done():
    results = _results(("linreg", "passed"))
    known = {ex.id: results.exercises[0] for ex in CATALOG.exercises}
    assert report.next_step(results, "en", "exercises", CATALOG, known).startswith("every exercise of the workbook")


def test_pictures_of_this_run_and_of_passing_exercises_only(state):
    start = time.time()
    for ex_id in ("show_images", "predict_ch3", "Animator"):
        report.plot_path(ex_id).parent.mkdir(parents=True, exist_ok=True)
        report.plot_path(ex_id).write_bytes(b"\x89PNG")
    old = report.plot_path("Animator")
    os.utime(old, (start - 60, start - 60))  # drawn by an earlier run
    results = _results(("show_images", "passed"), ("predict_ch3", "failed"), ("Animator", "passed"))
    out = report.pictures(results, start - 1, "en")
    assert out.startswith("pictures the tests drew: ") and out.endswith("show_images.png")
    assert "predict_ch3" not in out and "Animator" not in out
    assert report.pictures(_results(("predict_ch3", "failed")), start - 1, "en") == ""
    # a whole grade draws the same pictures each time: one line to the folder, not a list that looks new
    assert report.pictures(results, start - 1, "en", listed=False) == (
        f"the pictures of passing tests are in {state / 'plots'}/ (python grade.py NAME lists its own)")


def test_keep_picture_saves_tight_figures(state):
    from katas.plotting import pyplot
    from katas.testkit import keep_picture

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.set_title("t-shirt\nshirt")
    keep_picture("predict_ch3", figure=fig)
    plt.close(fig)
    assert report.plot_path("predict_ch3").read_bytes()[:4] == b"\x89PNG"
    keep_picture("Animator", png=report.plot_path("predict_ch3"))
    assert report.plot_path("Animator").read_bytes() == report.plot_path("predict_ch3").read_bytes()
    keep_picture("train_ch3", png=state / "missing.png")  # nothing to copy: no error


def test_lazy_animator_saves_once_in_keep_picture(state, tmp_path, monkeypatch):
    """A convergence test's Animator draws every epoch but writes no PNG until keep_picture saves its figure."""
    from katas.fixtures import reference
    from katas.plotting import pyplot
    from katas.testkit import keep_picture, lazy_animator

    monkeypatch.chdir(tmp_path)
    made = []
    animator = lazy_animator(reference("ch3_6_softmax_scratch.py").Animator, made)(legend=["loss"])
    for epoch in (1, 2):
        animator.add(epoch, (1 / epoch,))
    assert made == [animator] and not (tmp_path / "animator.png").exists()
    keep_picture("train_ch3", figure=animator.fig)
    pyplot().close(animator.fig)
    assert report.plot_path("train_ch3").read_bytes()[:4] == b"\x89PNG"
