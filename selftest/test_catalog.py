"""The catalogue, the stubs, the solutions and the test markers agree: no orphan, no drift."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from katas import catalog
from katas.forbid import OPTIM, SHORTCUTS

ROOT = catalog.ROOT
CATALOG = catalog.load()
SECTIONS = CATALOG.sections
EXERCISES = CATALOG.exercises


def top_level(path: Path) -> dict[str, ast.AST]:
    """Names a module defines at top level: functions, classes and assignments."""
    found: dict[str, ast.AST] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    found[t.id] = node
    return found


def signature(node: ast.AST) -> str:
    if isinstance(node, ast.FunctionDef):
        return ast.unparse(node.args)
    if isinstance(node, ast.ClassDef):
        return "class(" + ", ".join(
            f"{f.name}({ast.unparse(f.args)})" for f in node.body if isinstance(f, ast.FunctionDef)
        ) + ")"
    return "value"


def marked_tests(path: Path) -> dict[str, list[str]]:
    """test function -> exercise ids named by its @exercise(...) / @pytest.mark.exercise(...)."""
    out = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            ids = []
            for d in node.decorator_list:
                if isinstance(d, ast.Call) and ast.unparse(d.func).split(".")[-1] == "exercise":
                    ids += [a.value for a in d.args if isinstance(a, ast.Constant)]
            out[node.name] = ids
    return out


def test_ids_are_unique():
    ids = [ex.id for ex in EXERCISES]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"


@pytest.mark.parametrize("folder", ["exercises", "solutions"])
def test_no_orphan_files(folder):
    listed = {s.file for s in SECTIONS}
    present = {p.name for p in (ROOT / folder).glob("*.py") if p.name != "__init__.py"}
    assert present == listed, f"{folder}/ and the catalogue differ: only in {folder}: {sorted(present - listed)}, " \
                              f"only in the catalogue: {sorted(listed - present)}"


def test_no_orphan_tests():
    listed = {"test_" + s.file for s in SECTIONS}
    present = {p.name for p in (ROOT / "tests").glob("test_*.py")}
    extra, missing = sorted(present - listed), sorted(listed - present)
    assert present == listed, f"tests/ vs catalogue: extra {extra}, missing {missing}"


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.file)
def test_stub_and_solution_define_the_same_names(section):
    stub = top_level(ROOT / "exercises" / section.file)
    sol = top_level(ROOT / "solutions" / section.file)
    public = lambda d: {k: v for k, v in d.items() if not k.startswith("_") and k.upper() != k}  # noqa: E731
    assert public(stub).keys() == public(sol).keys(), (
        f"{section.file}: stub and solution define different names: "
        f"{sorted(public(stub).keys() ^ public(sol).keys())}"
    )
    for name, node in public(stub).items():
        assert signature(node) == signature(sol[name]), f"{section.file}: {name} has another signature in solutions/"
    for ex in section.exercises:
        missing = [n for n in ex.names if n not in stub]
        assert not missing, f"exercise {ex.id}: {missing} not defined in exercises/{section.file}"


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.file)
def test_every_test_is_marked_and_every_exercise_tested(section):
    marks = marked_tests(ROOT / "tests" / ("test_" + section.file))
    unmarked = [t for t, ids in marks.items() if len(ids) != 1]
    assert not unmarked, f"tests without exactly one exercise marker: {unmarked}"
    ids = {i for v in marks.values() for i in v}
    own = {ex.id for ex in section.exercises}
    assert ids <= own, f"tests in test_{section.file} mark exercises of other files: {sorted(ids - own)}"
    assert own <= ids, f"exercises with no test: {sorted(own - ids)}"


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_exercise_entry(ex):
    assert ex.points > 0
    assert ex.hints_en and ex.hints_zh, f"{ex.id}: give hints in English and 中文"
    assert len(ex.hints_en) == len(ex.hints_zh), f"{ex.id}: as many 中文 hints as English ones"
    unknown = set(ex.forbid) - set(SHORTCUTS) - {OPTIM}
    assert not unknown, f"{ex.id}: unknown forbid keys {unknown}"
    sol = top_level(ROOT / "solutions" / ex.file)
    assert all(n in sol for n in ex.uses), f"{ex.id}: uses names its file lacks: {ex.uses}"
    assert not set(ex.uses) & set(ex.names), f"{ex.id}: an exercise cannot swap out its own names"
