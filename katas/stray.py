"""Files that would change what a later grading runs, found before the grader imports anything of its own.

grade.py runs this file from its source (never from bytecode) before `import katas`:
- bytecode in the workbook's own folders (a `__pycache__` or `.pyc` in the root, katas/ or tests/):
  the grader writes none (sys.dont_write_bytecode, PYTHONDONTWRITEBYTECODE in every child), so any is
  left by other tools or planted (a .pyc of katas/results.py that reports a pass). It is removed, and
  the grader says so. The learner's and the reference's files are imported from source (katas/target.py).
- a module beside the workbook that would shadow one the grader imports (a `pytest_timeout.py` at the
  root, a `torch/` package in tests/): Python and pytest put those folders ahead of site-packages.
- a `conftest.py` or `__init__.py` under tests/, or an `__init__.py` at the root: pytest would run it in the test
  server (red team 22: a tests/__init__.py that turned failures into passes).
Those two are the learner's files, perhaps: never removed, refused with a message (exit code 2).
Stdlib only, and nothing imported from katas: this runs before the grader trusts its own package.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import os
import re
import sys
from pathlib import Path

_SUFFIXES = (".py", ".pyc", ".pyd", ".so")


def _bytecode(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.name == "__pycache__" or p.suffix == ".pyc"]


def _shadows(folder: Path) -> list[Path]:
    """Modules in folder that name a module of the stdlib or of an installed package (site-packages)."""
    if not folder.is_dir():
        return []
    elsewhere = [p for p in sys.path if "site-packages" in p or "dist-packages" in p]
    found = []
    for p in folder.iterdir():
        name = p.name.split(".")[0] if p.suffix in _SUFFIXES else p.name if _package(p) else ""
        if name and name.isidentifier() and p.name != "conftest.py" and (
                name in sys.stdlib_module_names or importlib.machinery.PathFinder.find_spec(name, elsewhere)):
            found.append(p)
    return found


def _remove_bytecode(p: Path) -> bool:
    """Remove what Python would read as bytecode at p, and nothing else: a .pyc file (or link), a __pycache__'s .pyc
    files and then the folder if that empties it (red team 30: a learner's folder named notes.pyc was removed whole,
    and one it could not remove crashed grade.py). Whether anything was removed; what cannot be is left."""
    try:
        if p.is_symlink() or (p.is_file() and p.suffix == ".pyc"):
            p.unlink()
            return True
        if p.name != "__pycache__" or not p.is_dir():
            return False
        found = [f for f in p.iterdir() if f.suffix == ".pyc" and (f.is_symlink() or f.is_file())]
        for f in found:
            f.unlink()
        with contextlib.suppress(OSError):
            p.rmdir()  # only if nothing of anyone else's is left in it
        return bool(found)
    except OSError:
        return False


def _package(p: Path) -> bool:
    """A folder with an __init__.py; a folder this user may not enter is none (red team 24: a chmod 000 folder of
    notes crashed grade.py here)."""
    try:
        return (p / "__init__.py").is_file()
    except OSError:
        return False


def check(code: Path, root: Path) -> tuple[list[str], list[str]]:
    """(what was removed, what is refused) in the grader's code folder and the workbook root."""
    removed = []
    for folder in dict.fromkeys((code, code / "katas", root, root / "tests")):
        removed += [_rel(p, root) for p in _bytecode(folder) if _remove_bytecode(p)]
    refused = [_rel(p, root) for folder in dict.fromkeys((root, root / "tests")) for p in _shadows(folder)]
    tests = root / "tests"
    if tests.is_dir():
        refused += [_rel(p, root) for p in sorted(_named(tests, ("conftest.py", "__init__.py")))]
    if (root / "__init__.py").exists():  # pytest would import the root as a package, for its conftest.py
        refused.append("__init__.py")
    return removed, refused


def _named(top: Path, names: tuple[str, ...], most: int = 10_000) -> list[Path]:
    """The files of those names in top's tree, walked without recursion or links, over its first `most` entries
    (red team 32: rglob through 1,500 nested folders was a RecursionError before any table). pytest loads only
    tests/'s own conftest.py, for the test files it is named: a deeper one is refused to be plain, not for safety."""
    found, todo, seen = [], [top], 0
    while todo and seen < most:
        with contextlib.suppress(OSError), os.scandir(todo.pop()) as entries:
            for entry in entries:
                seen += 1
                if entry.name in names:
                    found.append(Path(entry.path))
                with contextlib.suppress(OSError):
                    if entry.is_dir(follow_symlinks=False):
                        todo.append(Path(entry.path))
    return found


def _rel(p: Path, root: Path) -> str:
    """The path to print in ASCII, every other character as its escape, runs of spaces as one, 120 characters at
    most: records.clean and the console's safe codec are not loaded this early (red team 13: a planted file's name
    held a terminal title and a screen clear; red team 84: cp1252's › is the C1 byte CSI, and a name padded with
    spaces wrapped into rows that looked like the table's)."""
    try:
        text = str(p.relative_to(root))
    except ValueError:
        text = str(p)
    text = re.sub(r" {2,}", " ", ascii(text)[1:-1])
    return text if len(text) <= 120 else text[:57] + "..." + text[-60:]  # (the file's own name kept)


def refuse_or_clean(code: Path) -> int:
    """0 when grading may go on (saying what was removed); 2, after saying why, when it may not.
    In both languages: this runs before the grader knows which one the learner reads."""
    root = Path(os.environ.get("KATAS_ROOT") or code).resolve()
    removed, refused = check(code.resolve(), root)
    if removed:
        names = ", ".join(removed)
        print(f"removed bytecode from the workbook's folders (the grader writes none, and it could run instead "
              f"of the source): {names}\n已删除练习册文件夹里的字节码（评分器从不写字节码，它可能替代源码运行）："
              f"{names}",
              file=sys.stderr)
    if refused:
        names = ", ".join(refused)
        print(f"not grading: {names} would replace a module that the grader or pytest loads, or run in pytest as a "
              f"conftest or package of tests/. Move them out of the workbook's root and tests/, then run again\n"
              f"未开始批改：{names} 会替换评分器或 pytest 加载的模块，或作为 tests/ 的 conftest 或包在 pytest 中运行。"
              "请把它们移出练习册根目录和 tests/ 后再运行", file=sys.stderr)
        return 2
    return 0
