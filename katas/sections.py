"""d2l's `d2l.` namespace for a section file: the earlier sections, read from the same folder.

`d2l = Sections(__file__, "ch3_6_softmax_scratch.py")` then `d2l.train_ch3(...)` uses the
train_ch3 written in that file beside this one (yours in exercises/, the reference in
solutions/). Files are imported on first use, so a stub elsewhere breaks nothing here.

Under the tests (katas/fixtures.py sets `graded`), a file of the graded folder reads the OTHER sections from
the reference instead, as the book's `d2l` package is the book's code: an exercise is graded on its own file
alone, an unfinished earlier section costs it nothing, and code in another file never runs in its process
(where it could forge this exercise's results).

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

    def __init__(self, here: str, *files: str):
        self._folder = Path(here).resolve().parent
        self._own = Path(here).name  # a section may name itself (d2l.f for its own f): that stays its own
        self._files = files
        self._withheld: frozenset[str] = frozenset()
        self._lent = False

    def __getattr__(self, name):
        from katas.target import import_file

        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._withheld:
            raise AttributeError(f"d2l lends no {name} while this exercise is being graded (it is, or holds, the "
                                 f"answer): write it yourself (批改这个练习时 d2l 不提供 {name}：它就是或包含答案，"
                                 "请自己实现)")
        for file in self._files:
            module = import_file(self._source(file), "d2l")
            if hasattr(module, name) and (not self._lent or _defined_in(module, getattr(module, name))):
                return getattr(module, name)
        raise AttributeError(f"d2l has no {name} in {', '.join(self._files)}")

    def _source(self, file: str) -> Path:
        graded = Sections.graded
        if graded is not None and self._folder == graded[0] and file != self._own:
            return graded[1] / file
        return self._folder / file


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
