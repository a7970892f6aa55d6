"""d2l's `d2l.` namespace for a section file: the earlier sections, read from the same folder.

`d2l = Sections(__file__, "ch3_6_softmax_scratch.py")` then `d2l.train_ch3(...)` uses the
train_ch3 written in that file beside this one (yours in exercises/, the reference in
solutions/). Files are imported on first use, so a stub elsewhere breaks nothing here.
"""

from __future__ import annotations

from pathlib import Path


class Sections:
    def __init__(self, here: str, *files: str):
        self._folder = Path(here).resolve().parent
        self._files = files

    def __getattr__(self, name):
        from katas.target import import_file

        for file in self._files:
            module = import_file(self._folder / file, "d2l")
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"d2l has no {name} in {', '.join(self._files)}")
