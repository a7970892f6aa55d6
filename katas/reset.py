"""python grade.py --reset NAME: put an exercise's stub back, keeping the learner's version.

The stub comes from git: the newest committed exercises/<file> in which the exercise's
definitions are still stubs (so a learner who commits their work still gets the stub).
Before anything is written, the whole file is copied to .katas/backup/<file>.<time>.py.
Only the exercise's definitions are replaced; the rest of the file stays as it was, byte for byte, in the
encoding Python reads it in (its coding line or BOM).
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import stat
import subprocess
import sys
import time
import tokenize
from pathlib import Path

from katas.catalog import ROOT, Catalog, Exercise
from katas.i18n import t
from katas.progress import (
    SOURCE_LIMIT,
    UNPARSABLE,
    definitions,
    lines_of,
    parse,
    read_capped,
    spans,
    state_dir,
    unread,
    write_state,
)
from katas.results import write_whole

# what a workbook's own git configuration could make git run (red team 26 set log.showSignature and gpg.program to a
# script of its own, which --reset's git log ran): off, whatever .git/config says
_NOTHING_RUN = ("-c", "log.showSignature=false", "-c", "gpg.program=false", "-c", "core.fsmonitor=false",
                "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat", "-c", "diff.external=",
                # a partial clone's lazy fetch of a missing object runs the remote's uploadpack (red team 32): no
                # transport at all
                "-c", "protocol.allow=never", "--no-pager")
_GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"}


def _git(*args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *_NOTHING_RUN, *args], cwd=ROOT, capture_output=True, text=True,
                              encoding="utf-8", timeout=30, env={**os.environ, **_GIT_ENV})
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
    if not write_state(dest, path.read_bytes(), stat.S_IMODE(path.stat().st_mode)):  # as private as the learner's
        raise OSError(f"could not write {dest}")
    return dest


def replace_definitions(source: str, stub: str, names: tuple[str, ...]) -> str:
    """source with each of names' top-level definitions swapped for stub's (appended if missing), in place: by
    its lines, never by a search for its text (which a docstring above it may hold too)."""
    stub_defs = definitions(stub) or {}
    out = source
    for name in names:
        span = spans(out).get(name)
        new = stub_defs[name] if stub_defs[name].endswith(("\n", "\r")) else stub_defs[name] + "\n"  # a stub file
        # that ends without a newline ran its last line into the next one (red team 44)
        if span is None:
            out = out.rstrip("\n") + "\n\n\n" + new
        else:
            lines = lines_of(out)
            out = "".join(lines[: span[0] - 1]) + new + "".join(lines[span[1] :])
    return out


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) as Python reads a source file: its BOM or coding line, else UTF-8. Written back in the
    same encoding, the lines reset does not replace keep their bytes (red team 32: a Latin-1 file read as UTF-8
    with replacement characters broke another exercise's string). Raises ValueError (SyntaxError included) or
    LookupError where Python could not read it either."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding), encoding


def main(catalog: Catalog, name: str, lang: str, *, force: bool = False) -> int:
    from katas.grading import pick

    ex = pick(catalog, name, lang)
    if ex is None:
        return 2
    path = ROOT / "exercises" / ex.file
    rel = f"exercises/{ex.file}"
    if path.parent.is_symlink() or path.is_symlink():  # reset would write where the link leads: a file of the
        # grader's, or anyone's (red team 32 linked an exercise to its solution, and reset wrote the stub there)
        print(t("reset_link", lang, path=rel), file=sys.stderr)
        return 1
    stub = pristine(ex)
    if stub is None:
        print(t("reset_no_stub", lang, path=rel), file=sys.stderr)
        return 1
    try:
        data = read_capped(path, SOURCE_LIMIT) if path.exists() else b""
    except OSError as e:  # a folder, larger than the grader reads: nothing of it can be merged
        print(unread(rel, e, lang), file=sys.stderr)
        return 1
    names = ", ".join(ex.names)
    try:
        source, encoding = _decode(data)
        problem = None if definitions(source) is not None else _why_unparsable(source, path)
        if problem is None and source.encode(encoding) != data:  # an encoding whose text does not give back the
            problem = "encoding"  # same bytes (raw_unicode_escape: red team 34's "\u005cu0032" came back as "2")
    except (ValueError, LookupError) as e:  # an unknown coding line, bytes that are not of it
        source, encoding, problem = "", "utf-8", str(e).splitlines()[0] if str(e) else type(e).__name__
    new = replace_definitions(source, stub, ex.names) if source and problem is None else stub
    if problem is None and new == source:
        print(t("reset_unchanged", lang, names=names, path=rel))
        return 0
    encoded = b""
    if problem is None:
        try:
            encoded = new.encode(encoding)
            if encoded.decode(encoding) != new:
                raise UnicodeError(encoding)
        except UnicodeError:  # the stub's words (its 中文 comments) in a file of an encoding that has no such letters
            problem = "encoding"
    if problem is not None:  # the whole file, only when asked
        if not force:
            key, error = ("reset_encoding", None) if problem == "encoding" else ("reset_unparsable", problem)
            print(t(key, lang, path=rel, error=error, encoding=encoding), file=sys.stderr)
            return 1
        saved = _backed_up(path, rel, lang)
        if saved is None:
            return 1
        _replace(path, stub.encode("utf-8"))
        print(t("reset_whole", lang, path=rel, backup=_rel(saved)))
        return 0
    saved = _backed_up(path, rel, lang) if path.exists() else None
    if path.exists() and saved is None:
        return 1
    _replace(path, encoded)
    print(t("reset_done", lang, names=names, path=rel, backup=_rel(saved) if saved else "-"))
    return 0


def _backed_up(path: Path, rel: str, lang: str) -> Path | None:
    """backup(path), or None after saying why not (red team 37 made .katas/backup a link: a traceback): nothing is
    changed without a copy of the learner's version."""
    try:
        return backup(path)
    except OSError as e:
        print(t("reset_no_backup", lang, path=rel, error=e.strerror or str(e)), file=sys.stderr)
        return None


def _replace(path: Path, data: bytes) -> None:
    """A new file renamed over the old (never half written), with the old one's mode and, where the grader may, its
    owner (red team 34: a learner's 0600 file came back 0644, and root's after a reset run as root)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        write_whole(data, path)
        return
    write_whole(data, path, stat.S_IMODE(st.st_mode))
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.chown(path, st.st_uid, st.st_gid)


def _why_unparsable(source: str, path: Path) -> str:
    import warnings

    try:
        with warnings.catch_warnings():  # Python 3.12+ warns of an invalid escape with the line raw (red team 44)
            warnings.simplefilter("ignore")
            compile(source, str(path), "exec")
    except SyntaxError as e:
        return f"{e.msg}, line {e.lineno}"
    except UNPARSABLE as e:  # too deep or too big for the compiler, a NUL byte
        return type(e).__name__
    return "?"


def _rel(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)
