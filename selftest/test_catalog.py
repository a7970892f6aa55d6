"""The catalogue, the stubs, the solutions and the test markers agree: no orphan, no drift."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from katas import catalog
from katas.forbid import CODE, OPTIM, SHORTCUTS
from katas.target import untouched

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


def test_graded_tests_never_use_a_bare_assert():
    """The test server runs with --assert=plain (rewriting every test file at every start cost more CPU than
    `import torch`, and grew with each chapter), so a bare assert would fail with no message: tests judge
    with katas.checks (expect, fail), whose messages say what to change."""
    bare = [f"{p.name}:{node.lineno}" for p in sorted((ROOT / "tests").glob("test_*.py"))
            for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))) if isinstance(node, ast.Assert)]
    assert not bare, f"bare assert in graded tests (use katas.checks.expect or fail): {bare}"


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_exercise_entry(ex):
    assert ex.points > 0
    assert ex.hints_en and ex.hints_zh, f"{ex.id}: give hints in English and 中文"
    assert len(ex.hints_en) == len(ex.hints_zh), f"{ex.id}: as many 中文 hints as English ones"
    unknown = set(ex.forbid) - set(SHORTCUTS) - set(CODE) - {OPTIM}
    assert not unknown, f"{ex.id}: unknown forbid keys {unknown}"
    sol = top_level(ROOT / "solutions" / ex.file)
    assert all(n in sol for n in ex.uses), f"{ex.id}: uses names its file lacks: {ex.uses}"
    assert not set(ex.uses) & set(ex.names), f"{ex.id}: an exercise cannot swap out its own names"



GRADED_NAMES = {n for e in EXERCISES for n in e.names}


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_an_exercise_reading_another_through_d2l_swaps_d2l(ex):
    """`d2l.load_array` inside get_data_ch11 reads the target's chapter 3 file: unless the test swaps `d2l` for the
    reference's (uses = ["d2l"]), a mistake in load_array decides get_data_ch11's verdict too (the mutant zoo
    caught this: load_array/always_shuffles made get_data_ch11/not_shuffled pass)."""
    sol = top_level(ROOT / "solutions" / ex.file)
    read = {x.attr for name in ex.names if name in sol for x in ast.walk(sol[name])
            if isinstance(x, ast.Attribute) and isinstance(x.value, ast.Name) and x.value.id == "d2l"}
    graded = sorted(read & GRADED_NAMES)
    assert not graded or "d2l" in ex.uses, f"{ex.id} reads d2l.{graded[0]}, an exercise itself: add uses = ['d2l']"

# --- hints name only what exists -----------------------------------------------------------------

_CALL = re.compile(r"(?<![\w.\])])([A-Za-z_][\w.]*)\(")  # f( or a.b.f( -- not a method of an expression
_TICKED = re.compile(r"`([A-Za-z_][\w.]*)`")  # a bare name in backticks
_P = r"[;:(,\s；：（，、]"  # what may precede a name being bound, in either language
_BOUND = re.compile(rf"(?:^|{_P})([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=(?!=)"  # names = ...
                    r"|\bfor\s+\(?([\w\s,()]+?)\)?\s+in\b"  # for a, (b, c) in ...
                    r"|\bimport\s+(\w+)|\bas\s+(\w+)|\blambda\s+([\w\s,]*):")


def _bound_in(tree: ast.AST) -> set[str]:
    """Every name a module binds anywhere: definitions, parameters, assignments, loop variables."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _namespace(ex) -> tuple[dict, set[str]]:
    """What a hint of ex may name: the stub's imports (as objects); the names the stub and the solution bind."""
    stub = ROOT / "exercises" / ex.file
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    ns: dict = {}
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    exec(compile(ast.Module(body=imports, type_ignores=[]), str(stub), "exec"), ns)  # noqa: S102 (our own stub)
    solution = ast.parse((ROOT / "solutions" / ex.file).read_text(encoding="utf-8"))
    return ns, _bound_in(tree) | _bound_in(solution)


def _d2l_names(ex) -> set[str]:
    """The names d2l.X may take where the stub defines d2l = Sections(__file__, files...)."""
    for node in ast.parse((ROOT / "exercises" / ex.file).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "d2l":
            files = [a.value for a in node.value.args[1:] if isinstance(a, ast.Constant)]
            return {n for f in files for n in top_level(ROOT / "exercises" / f)}
    return set()


def _resolves(path: str, ex, ns: dict, local: set[str]) -> bool:
    import builtins
    import importlib.util

    root, *attrs = path.split(".")
    if root == "d2l":
        return bool(attrs) and attrs[0] in _d2l_names(ex)
    if root in ns:
        obj = ns[root]
    elif root in local or root == "self":
        return True  # a variable: its attributes are whatever its value has
    elif hasattr(builtins, root):
        obj = getattr(builtins, root)
    elif importlib.util.find_spec(root) is not None:  # a module a learner imports as it is (copy, math)
        obj = importlib.import_module(root)
    else:
        return False
    for a in attrs:  # follow modules and classes; past a function or a value, any attribute may exist
        if not (isinstance(obj, type) or type(obj).__name__ == "module"):
            return True
        if not hasattr(obj, a):
            return False
        obj = getattr(obj, a)
    return True


def unknown_names(ex) -> dict[str, list[str]]:
    """hint -> the names it calls or quotes that neither the file, Python, nor the hints themselves define."""
    ns, local = _namespace(ex)
    hints = (*ex.hints_en, *ex.hints_zh)
    for hint in hints:  # hints build on each other: a name bound in one may be used in the next
        local |= {n for m in _BOUND.finditer(hint) for g in m.groups() if g for n in re.split(r"[\s,()]+", g) if n}
    found = {}
    for hint in hints:
        names = [m.group(1) for m in _CALL.finditer(hint)] + [m.group(1) for m in _TICKED.finditer(hint)]
        bad = [n for n in dict.fromkeys(names) if not _resolves(n.rstrip("."), ex, ns, local)]
        if bad:
            found[hint] = bad
    return found


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_hints_name_only_what_exists(ex):
    """A hint that calls `_pyplot()` while the stub imports pyplot sends the learner looking for nothing."""
    bad = unknown_names(ex)
    assert not bad, f"{ex.id}: hints name what exercises/{ex.file} neither defines nor imports: {bad}"


def test_the_hint_check_catches_an_undefined_helper():
    ex = CATALOG.get("show_images")
    fake = type(ex)(**{**ex.__dict__, "hints_en": ("plt = _pyplot(); axes = plt.subplots(1, 2)",),
                       "hints_zh": ("plt = pyplot()；display.display(fig)",)})
    assert unknown_names(fake) == {"plt = _pyplot(); axes = plt.subplots(1, 2)": ["_pyplot"],
                                   "plt = pyplot()；display.display(fig)": ["display.display"]}


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_every_stub_shows_the_command_that_checks_it(ex):
    """`python grade.py ID` in each stub's docstring: a name that several sections share is no id to type."""
    stub = top_level(ROOT / "exercises" / ex.file)
    for name in ex.names:
        doc = ast.get_docstring(stub[name]) or ""
        assert f"python grade.py {ex.id}" in doc, f"exercises/{ex.file}: the docstring of {name} lacks " \
                                                  f"'python grade.py {ex.id}'"


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_every_stub_reads_as_untouched(ex):
    """--watch and the missing-data path decide 'not started' by reading the stub, never running it: every
    method of an untouched stub is a docstring, comments and `raise NotImplementedError` only (a
    `super().__init__()` belongs in its TODO, as in 5.1, or the stub reads as started)."""
    assert untouched(ROOT / "exercises" / ex.file, ex.names), f"exercises/{ex.file}: {ex.names} does not read as " \
                                                              "an untouched stub (code before the raise?)"
