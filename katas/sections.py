"""d2l's `d2l.` namespace for a section file: the earlier sections, read from the same folder.

`d2l = Sections(__file__, "ch3_6_softmax_scratch.py")` then `d2l.train_ch3(...)` uses the
train_ch3 written in that file beside this one (yours in exercises/, the reference in
solutions/). Files are imported on first use, so a stub elsewhere breaks nothing here.

A reference d2l lent to learner code (a test's `uses`, made by `lend`) gives only the functions and
classes its files define, nothing they merely import (no module, no Sections, no download helper): it
must not hand out a way to import other files. It withholds the graded exercise's own names, so the
reference lent to the code under test never holds that code's answer.
"""

from __future__ import annotations

from pathlib import Path


class Sections:
    def __init__(self, here: str, *files: str):
        self._folder = Path(here).resolve().parent
        self._files = files
        self._withheld: frozenset[str] = frozenset()
        self._lent = False

    def __getattr__(self, name):
        from katas.target import import_file

        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._withheld:
            raise AttributeError(f"d2l lends no {name} while {name} is the exercise being graded: write it yourself "
                                 f"(d2l 不提供 {name}：它正是被批改的练习，请自己实现)")
        for file in self._files:
            module = import_file(self._folder / file, "d2l")
            if hasattr(module, name) and (not self._lent or _defined_in(module, getattr(module, name))):
                return getattr(module, name)
        raise AttributeError(f"d2l has no {name} in {', '.join(self._files)}")


def _defined_in(module, value) -> bool:
    """A function or class that module defines, not one it imports (no module, no Sections, no download)."""
    return (isinstance(value, type) or (callable(value) and hasattr(value, "__code__"))) and \
        getattr(value, "__module__", None) == module.__name__


def lend(d2l: Sections, withheld) -> Sections:
    """d2l as a test lends it: without the names in withheld (the exercise under test's own), and only
    what its files define. A function, so that no method of the object lent hands out another."""
    lent = Sections.__new__(Sections)
    lent._folder, lent._files, lent._withheld = d2l._folder, d2l._files, d2l._withheld | frozenset(withheld)
    lent._lent = True
    return lent
