"""python grade.py --reset NAME: put an exercise's stub back, keeping the learner's version.

The stub comes from git: the newest committed exercises/<file> in which the exercise's
definitions are still stubs (so a learner who commits their work still gets the stub).
Before anything is written, the whole file is copied to .katas/backup/<file>.<time>.py.
Only the exercise's definitions are replaced; the rest of the file stays as it was.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
from pathlib import Path

from katas.catalog import ROOT, Catalog, Exercise
from katas.i18n import t
from katas.progress import UNPARSABLE, definitions, parse, read_source, state_dir, unread, write_state

# what a workbook's own git configuration could make git run (red team 26 set log.showSignature and gpg.program to a
# script of its own, which --reset's git log ran): off, whatever .git/config says
_NOTHING_RUN = ("-c", "log.showSignature=false", "-c", "gpg.program=false", "-c", "core.fsmonitor=false",
                "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat", "-c", "diff.external=", "--no-pager")


def _git(*args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *_NOTHING_RUN, *args], cwd=ROOT, capture_output=True, text=True,
                              encoding="utf-8", timeout=30, env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"})
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _is_stub(source: str) -> bool:
    """A definition whose every function body ends by raising NotImplementedError."""
    tree = parse(source)
    funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return bool(funcs) and all(
        isinstance(f.body[-1], ast.Raise) and "NotImplementedError" in ast.unparse(f.body[-1]) for f in funcs
    )


def pristine(ex: Exercise) -> str | None:
    """The committed stub file for ex: the newest commit where ex's definitions are stubs."""
    rel = f"exercises/{ex.file}"
    commits = (_git("log", "--format=%H", "--", rel) or "").split()
    for rev in ["HEAD", *commits]:
        text = _git("show", f"{rev}:{rel}")
        if text is None:
            continue
        defs = definitions(text) or {}
        if all(n in defs and _is_stub(defs[n]) for n in ex.names):
            return text
    return None


def backup(path: Path) -> Path:
    folder = state_dir() / "backup"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{path.stem}.{stamp}.py"
    n = 1
    while dest.exists() or dest.is_symlink():  # two resets in one second keep both copies
        dest = folder / f"{path.stem}.{stamp}-{n}.py"
        n += 1
    if not write_state(dest, path.read_bytes()):
        raise OSError(f"could not write {dest}")
    return dest


def replace_definitions(source: str, stub: str, names: tuple[str, ...]) -> str:
    """source with each of names' top-level definitions swapped for stub's (appended if missing)."""
    stub_defs = definitions(stub) or {}
    out = source
    for name in names:
        mine = definitions(out) or {}
        if name in mine:
            out = out.replace(mine[name], stub_defs[name], 1)
        else:
            out = out.rstrip("\n") + "\n\n\n" + stub_defs[name]
    return out


def main(catalog: Catalog, name: str, lang: str, *, force: bool = False) -> int:
    from katas.grading import pick

    ex = pick(catalog, name, lang)
    if ex is None:
        return 2
    path = ROOT / "exercises" / ex.file
    rel = f"exercises/{ex.file}"
    stub = pristine(ex)
    if stub is None:
        print(t("reset_no_stub", lang, path=rel), file=sys.stderr)
        return 1
    try:
        source = read_source(path) if path.exists() else ""
    except OSError as e:  # a folder, larger than the grader reads: nothing of it can be merged
        print(unread(rel, e, lang), file=sys.stderr)
        return 1
    names = ", ".join(ex.names)
    if definitions(source) is None:
        error = "?"
        try:
            compile(source, str(path), "exec")
        except SyntaxError as e:
            error = f"{e.msg}, line {e.lineno}"
        except UNPARSABLE as e:  # too deep or too big for the compiler, a NUL byte
            error = type(e).__name__
        if not force:
            print(t("reset_unparsable", lang, path=rel, error=error), file=sys.stderr)
            return 1
        saved = backup(path)
        path.write_text(stub, encoding="utf-8")
        print(t("reset_whole", lang, path=rel, backup=_rel(saved)))
        return 0
    new = replace_definitions(source, stub, ex.names) if source else stub
    if new == source:
        print(t("reset_unchanged", lang, names=names, path=rel))
        return 0
    saved = backup(path) if path.exists() else None
    path.write_text(new, encoding="utf-8")
    print(t("reset_done", lang, names=names, path=rel, backup=_rel(saved) if saved else "-"))
    return 0


def _rel(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)
