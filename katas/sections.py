"""d2l's `d2l.` namespace for a section file: the earlier sections, read from the same folder.

`d2l = Sections(__file__, "ch3_6_softmax_scratch.py")` then `d2l.train_ch3(...)` uses the
train_ch3 written in that file beside this one (yours in exercises/, the reference in
solutions/). Files are imported on first use, so a stub elsewhere breaks nothing here.

Under the tests (katas/fixtures.py sets `graded`), a file of the graded folder reads the OTHER sections from
the reference instead, as the book's `d2l` package is the book's code: an exercise is graded on its own file
alone, an unfinished earlier section costs it nothing, and code in another file never runs in its process
(where it could forge this exercise's results).

In instructor mode's worker, where the reference is out of sight, the other sections are the learner's own files; one
that does not import (a syntax error, or not submitted) gives only the interfaces its stub gives (`interfaces`: 9.6's
Encoder and Decoder, 10.4's AttentionDecoder), which the driver sends, so 9.7's and 10.7's classes still build on them.

A reference d2l lent to learner code (a test's `uses`, made by `lend`) gives only the functions and
classes its files define, nothing they merely import (no module, no Sections, no download helper): it
must not hand out a way to import other files. It withholds the graded exercise's own names, so the
reference lent to the code under test never holds that code's answer.
"""

from __future__ import annotations

import ast
import copy
import functools
from pathlib import Path


class Sections:
    graded: tuple[Path, Path] | None = None  # (the graded folder, the reference folder), while tests run
    fallback: dict[str, str] | None = None  # in the worker: file -> the source of its interfaces (see interfaces)

    def __init__(self, here: str, *files: str):
        self._folder = Path(here).resolve().parent
        self._own = Path(here).name  # a section may name itself (d2l.f for its own f): that stays its own
        self._files = files
        self._withheld: frozenset[str] = frozenset()
        self._lent = False

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._withheld:
            raise AttributeError(f"d2l lends no {name} while this exercise is being graded (it is, or holds, the "
                                 f"answer): write it yourself (批改这个练习时 d2l 不提供 {name}：它就是或包含答案，"
                                 "请自己实现)")
        broken = []
        for file in self._files:
            module = self._module(file, broken)
            if hasattr(module, name) and (not self._lent or _defined_in(module, getattr(module, name))):
                return getattr(module, name)
        if broken:
            files = ", ".join(file for file, _ in broken)
            raise AttributeError(
                f"fix your {files} first: d2l.{name} would come from a file that does not import here ("
                + "; ".join(str(e) for _, e in broken) + f") (请先修好 {files}：d2l.{name} 应来自其中无法导入的文件)")
        raise AttributeError(f"d2l has no {name} in {', '.join(self._files)}")

    def _module(self, file: str, broken: list):
        from katas.target import TargetImportError, import_file

        try:
            return import_file(self._source(file), "d2l")
        except TargetImportError as e:
            if Sections.fallback is None or file == self._own:
                raise
            broken.append((file, e))
            return _interfaces_module(file, Sections.fallback.get(file, ""))

    def _source(self, file: str) -> Path:
        graded = Sections.graded
        if graded is not None and self._folder == graded[0] and file != self._own:
            return graded[1] / file
        return self._folder / file


@functools.cache
def _interfaces_module(file: str, source: str):
    """A module of the interfaces the driver sent for file (nothing but classes whose methods raise
    NotImplementedError): what stands in for a section of the learner's that does not import."""
    import types

    module = types.ModuleType(f"katas_interfaces.{Path(file).stem}")
    exec(compile("from torch import nn\n" + source, f"<the interfaces of {file}>", "exec"), module.__dict__)
    return module


def interfaces(path: Path) -> str:
    """The source of path's interface classes, as its stub gives them: classes of nn.Module (or of one such class
    before them) whose methods only raise NotImplementedError, call super().__init__(**kwargs) or pass. They hold
    no answer, so the driver may send them to the worker."""
    text = path.read_text(encoding="utf-8")
    if "NotImplementedError" not in text:  # the quick answer for all but two files
        return ""
    found: list[ast.ClassDef] = []
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef) and _an_interface(node, {c.name for c in found}):
            found.append(node)
    return "".join(ast.unparse(node) + "\n\n" for node in found)


def _an_interface(node: ast.ClassDef, earlier: set[str]) -> bool:
    def base(b):
        return (isinstance(b, ast.Attribute) and b.attr == "Module" and isinstance(b.value, ast.Name)
                and b.value.id == "nn") or (isinstance(b, ast.Name) and b.id in earlier)

    def docstring(s):
        return isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)

    def trivial(s):
        if isinstance(s, ast.Pass):
            return True
        if isinstance(s, ast.Raise):
            exc = s.exc.func if isinstance(s.exc, ast.Call) and not s.exc.args and not s.exc.keywords else s.exc
            return s.cause is None and isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
        return ast.dump(s) == ast.dump(ast.parse("super().__init__(**kwargs)").body[0])

    def method(f):
        body = f.body[1:] if f.body and docstring(f.body[0]) else f.body
        return (isinstance(f, ast.FunctionDef) and len(body) == 1 and trivial(body[0])
                and all(isinstance(d, ast.Name) and d.id == "property" for d in f.decorator_list))

    return (bool(node.bases) and all(base(b) for b in node.bases) and not node.keywords and not node.decorator_list
            and any(not docstring(s) for s in node.body)
            and all(docstring(s) or method(s) for s in node.body))


def _defined_in(module, value) -> bool:
    """A function or class that module defines, not one it imports (no module, no Sections, no download)."""
    return (isinstance(value, type) or (callable(value) and hasattr(value, "__code__"))) and \
        getattr(value, "__module__", None) == module.__name__


def lend(d2l: Sections, withheld) -> Sections:
    """d2l as a test lends it: without the names in withheld (the exercise under test's own), and only
    what its files define. A function, so that no method of the object lent hands out another."""
    lent = copy.copy(d2l)
    lent._withheld = d2l._withheld | frozenset(withheld)
    lent._lent = True
    return lent


def lend_to(d2l: Sections, exercise) -> Sections:
    """d2l as lent to an exercise's code (a catalogue entry: its file and names): without its own names, nor what
    its reference file builds with them."""
    from katas.catalog import ROOT

    names = tuple(exercise.names)
    return lend(d2l, (*names, *callers(ROOT / "solutions" / exercise.file, names)))


@functools.cache
def callers(path: Path, names: tuple[str, ...]) -> tuple[str, ...]:
    """The top-level functions and classes of path whose code names one of names (bare, or as d2l.name), or names
    such a one: lending it would lend the answer through it (load_data_time_machine builds a SeqDataLoader)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses = {node.name: {x.id for x in ast.walk(node) if isinstance(x, ast.Name)}
            | {x.attr for x in ast.walk(node) if isinstance(x, ast.Attribute) and isinstance(x.value, ast.Name)
               and x.value.id == "d2l"}
            for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    found = set(names)
    while True:
        more = {name for name, used in uses.items() if used & found} - found
        if not more:
            return tuple(sorted(found - set(names)))
        found |= more
