"""Modules of the workbook are compiled from their source, never from a .pyc that could have been planted.

Python reads a module's cached bytecode from __pycache__ beside it, and an unchecked hash-based .pyc is run
without a look at the source. Under the folders given to source_only() (the workbook, the graded folder)
the import system here loads sources only; the grader never writes bytecode either (PYTHONDONTWRITEBYTECODE).
"""

from __future__ import annotations

import importlib.machinery
import os
import sys


class SourceOnlyLoader(importlib.machinery.SourceFileLoader):
    def path_stats(self, path):
        raise OSError("source only")  # SourceLoader.get_code then never looks for cached bytecode


def _under(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def source_only(folders: list[str]) -> None:
    """Imports from folders (and below) read sources only; but not from Python's own environment, which may lie
    inside the workbook (the README's `.venv`: torch's extension modules are no sources)."""
    tops = [os.path.realpath(f) for f in folders if f]
    own = {os.path.realpath(p) for p in (sys.prefix, sys.exec_prefix, sys.base_prefix)}

    def finder(path: str):
        real = os.path.realpath(path or ".")
        if any(_under(real, top) for top in tops) and not any(_under(real, p) for p in own):
            return importlib.machinery.FileFinder(path, (SourceOnlyLoader, importlib.machinery.SOURCE_SUFFIXES))
        raise ImportError  # not ours: the next hook

    sys.path_hooks.insert(0, finder)
    sys.path_importer_cache.clear()
