"""Every solution passes; every untouched stub is not_started with score 0."""

import pytest
from grading import ROOT, grade


@pytest.fixture(scope="module")
def stubs():
    return grade(ROOT / "exercises")


@pytest.fixture(scope="module")
def solutions():
    return grade(ROOT / "solutions")


def test_every_solution_passes(solutions):
    results, proc = solutions
    bad = {e["id"]: f"{e['status']}: {e['message']}" for e in results["exercises"] if e["status"] != "passed"}
    assert not bad, f"solutions that fail: {bad}"
    assert proc.returncode == 0 and results["percent"] == 100.0


def test_every_stub_is_not_started(stubs):
    results, proc = stubs
    bad = {e["id"]: f"{e['status']}: {e['message']}" for e in results["exercises"] if e["status"] != "not_started"}
    assert not bad, f"stubs that are not plain not_started (a test passes by accident, or errors): {bad}"
    assert results["score"] == 0 and proc.returncode != 0
    passed = [t["name"] for e in results["exercises"] for t in e["tests"] if t["outcome"] == "passed"]
    assert not passed, f"tests that pass on the untouched stubs: {passed}"
