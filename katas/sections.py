"""d2l's `d2l.` namespace for a section file: the earlier sections, read from the same folder.

`d2l = Sections(__file__, "ch3_6_softmax_scratch.py")` then `d2l.train_ch3(...)` uses the
train_ch3 written in that file beside this one (yours in exercises/, the reference in
solutions/). Files are imported on first use, so a stub elsewhere breaks nothing here.

It gives the functions and classes those files define, nothing they merely import (no module, no
Sections, no download helper): a reference d2l lent to learner code (a test's `uses`) must not hand
out a way to import other files. `lend` withholds the graded exercise's own names, so the reference
lent to the code under test never holds that code's answer.
"""

from __future__ import annotations

from pathlib import Path


class Sections:
    def __init__(self, here: str, *files: str):
        self._folder = Path(here).resolve().parent
        self._files = files
        self._withheld: frozenset[str] = frozenset()

    def __getattr__(self, name):
        from katas.target import import_file

        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._withheld:
            raise AttributeError(f"d2l lends no {name} while {name} is the exercise being graded: write it yourself "
                                 f"(d2l 不提供 {name}：它正是被批改的练习，请自己实现)")
        for file in self._files:
            module = import_file(self._folder / file, "d2l")
            value = module.__dict__.get(name)
            if isinstance(value, type) or (callable(value) and hasattr(value, "__code__")):
                if getattr(value, "__module__", None) == module.__name__:  # defined there, not imported
                    return value
        raise AttributeError(f"d2l has no {name} in {', '.join(self._files)}")


def lend(d2l: Sections, withheld) -> Sections:
    """d2l without the names in withheld (the exercise under test's own): a function, so that no method of the
    object lent hands out another."""
    lent = Sections.__new__(Sections)
    lent._folder, lent._files, lent._withheld = d2l._folder, d2l._files, d2l._withheld | frozenset(withheld)
    return lent
