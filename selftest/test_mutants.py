"""The mutant zoo: wrong implementations a learner really writes must fail, named.

selftest/mutants/<exercise id>/<mistake>.py holds the wrong definition(s) and a line
`# expect: <words>` that the exercise's failure message must contain. Valid but unusual
solutions in selftest/alternatives/<exercise id>/ must pass. Each is appended to a copy of
solutions/ (its later definitions win); mutants of different exercises share one grading
run, which also proves that one mistake costs only its own exercise, and the runs of a kind
share one test server (selftest/grading.py's grade_rounds). A mutant whose top-level code reaches every exercise
of its file (a thread, an audit hook, a kernel made at import) says `# alone` and gets a run of its own.
"""

from __future__ import annotations

import re
from itertools import zip_longest
from pathlib import Path

import pytest
from grading import ROOT, grade_rounds

from katas import catalog
from katas.results import vagueness

CATALOG = catalog.load()
HERE = Path(__file__).parent


def cases(kind: str) -> list[Path]:
    return sorted((HERE / kind).glob("*/*.py"))


def expected_words(path: Path) -> str | None:
    m = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    return m.group(1).strip() if m else None


def alone(path: Path) -> bool:
    """A case marked `# alone`: its file's top-level code changes every exercise of the file (a thread, an audit
    hook or a torch.library kernel made at import), so no other case shares its grading run."""
    return re.search(r"^# alone\b", path.read_text(encoding="utf-8"), re.M) is not None


def rounds(paths: list[Path]) -> list[list[Path]]:
    """Round k takes the k-th case of every exercise: one case per exercise per run; a case graded alone gets a
    run of its own."""
    by_exercise: dict[str, list[Path]] = {}
    for p in paths:
        if not alone(p):
            by_exercise.setdefault(p.parent.name, []).append(p)
    return [[p for p in rnd if p] for rnd in zip_longest(*by_exercise.values())] + [[p] for p in paths if alone(p)]


def _grade_all(kind: str, request, tmp_path_factory) -> dict[Path, dict]:
    """Grade the cases this session selected (pytest -k narrows the work, not just the report), round by
    round with one test server for all the rounds of a kind."""
    arg = {"mutants": "mutant", "alternatives": "alternative"}[kind]
    chosen = [it.callspec.params[arg] for it in request.session.items
              if hasattr(it, "callspec") and arg in it.callspec.params]
    patches = []
    for rnd in rounds(chosen):
        files: dict[str, list[Path]] = {}
        for p in rnd:
            files.setdefault(CATALOG.get(p.parent.name).file, []).append(p)
        patches.append(files)
    if not patches:
        return {}
    found: dict[Path, dict] = {}
    for rnd, exercises in zip(rounds(chosen), grade_rounds(tmp_path_factory.mktemp(kind), patches), strict=True):
        by_id = {e["id"]: e for e in exercises}
        found.update({p: by_id[p.parent.name] for p in rnd})
    return found


@pytest.fixture(scope="session")
def mutant_results(request, tmp_path_factory):
    return _grade_all("mutants", request, tmp_path_factory)


@pytest.fixture(scope="session")
def alternative_results(request, tmp_path_factory):
    return _grade_all("alternatives", request, tmp_path_factory)


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


@pytest.mark.parametrize("mutant", cases("mutants"), ids=_id)
def test_mutant_is_caught_and_named(mutant, mutant_results):
    words = expected_words(mutant)
    assert words, f"{mutant.relative_to(ROOT)} needs a line '# expect: <words of the message>'"
    r = mutant_results[mutant]
    assert r["status"] != "passed", f"{_id(mutant)} passed: the tests miss this mistake"
    assert words.lower() in r["message"].lower(), (
        f"{_id(mutant)} failed ({r['status']}) but its message does not name the mistake "
        f"({words!r}):\n{r['message']}"
    )
    assert vagueness(r["message"]) < 2, f"{_id(mutant)}: a bare exception is no message:\n{r['message']}"


@pytest.mark.parametrize("alternative", cases("alternatives"), ids=_id)
def test_alternative_solution_passes(alternative, alternative_results):
    r = alternative_results[alternative]
    assert r["status"] == "passed", f"{_id(alternative)} is valid but got {r['status']}: {r['message']}"


def test_every_exercise_has_mutants():
    """Each exercise's classic mistakes are in the zoo (a test without mutants proves little)."""
    covered = {p.parent.name for p in cases("mutants")}
    missing = [ex.id for ex in CATALOG.exercises if ex.id not in covered]
    assert not missing, f"exercises with no mutant in selftest/mutants/: {missing}"


def test_cases_name_real_exercises():
    known = {ex.id for ex in CATALOG.exercises}
    stray = [_id(p) for p in cases("mutants") + cases("alternatives") if p.parent.name not in known]
    assert not stray, f"mutants/alternatives for unknown exercises: {stray}"
