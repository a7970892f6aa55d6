"""Import a module of a graded folder (exercises/, solutions/ or any look-alike) by path."""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import stat
import sys
import traceback
from pathlib import Path

from katas.bytecode import SourceOnlyLoader
from katas.catalog import ROOT
from katas.explain import explain
from katas.progress import SOURCE_LIMIT, UNPARSABLE, parse, read_source

# Instructor mode's driver runs no learner code: it imports the reference's files only (only_import), never the
# graded folder's, nor one that a call to learner code left in the test's working folder (red team I3).
_only: Path | None = None


def only_import(folder: Path) -> None:
    """In this process (instructor mode's driver), import_file refuses every file outside folder."""
    global _only
    _only = Path(folder).resolve()


# Called with ("import", path) before a learner's file runs and ("imported", path) after:
# the grader's plugin records both, so a file that kills the process on import is known.
observers: list = []


class TargetImportError(Exception):
    """The learner's file could not be imported: a syntax error or an error at its top level."""


def resolve(target: str | Path) -> Path:
    """--target as a folder: a path, or a name under the project root (exercises, solutions)."""
    p = Path(target)
    if not p.is_absolute() and not p.exists() and (ROOT / p).exists():
        p = ROOT / p
    return p.resolve()


def where(path: str | Path, line: int | None) -> str:
    p = Path(path)
    try:
        p = p.resolve().relative_to(ROOT)
    except ValueError:
        pass
    return f"{p}:{line}" if line else str(p)


class _Raised(Exception):
    """A TargetImportError the imported file raised itself (see import_file)."""


@functools.lru_cache(maxsize=1024)
def _real(path: Path) -> Path:
    """path.resolve(), a few system calls, once per path: a reference's d2l.linreg is read at each training step."""
    return path.resolve()


def import_file(path: Path, tag: str):
    """Import path as a fresh module named after tag and the folder, writing no bytecode."""
    digest = hashlib.sha1(str(_real(path.parent)).encode()).hexdigest()[:8]
    name = f"katas_{tag}_{digest}.{path.stem}"
    if _only is not None and not _real(path).is_relative_to(_only):
        raise TargetImportError(f"instructor mode: the grader never imports the graded code ({where(path, None)}); "
                                "it runs only in the worker, and the grader imports the reference's files only")
    if name in sys.modules:
        return sys.modules[name]
    if not path.exists():
        raise TargetImportError(f"{where(path, None)} does not exist")
    if not path.is_file():
        raise TargetImportError(f"{where(path, None)} is not a file (a folder?): it must be your Python file")
    spec = importlib.util.spec_from_file_location(name, path, loader=SourceOnlyLoader(name, str(path)))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pickling and dataclasses look modules up here
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # grading never writes into the learner's folder
    for notify in observers:
        notify("import", path)
    try:  # from the source itself: a .pyc beside it, planted or stale, is never what runs
        try:
            code = compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        except (RecursionError, MemoryError, ValueError) as e:  # what the compiler cannot take, whatever it is
            raise TargetImportError(
                f"Python cannot compile this file ({type(e).__name__}): an expression far too long or nested too "
                f"deep, or a NUL byte? Split it up ({where(path, None)})") from None
        try:
            exec(code, module.__dict__)
        except TargetImportError as e:  # the file's own, raised as it runs: shown as any exception of it is (red
            raise _Raised(e) from e  # team I19 raised one in the grader's words, "the grader gave no result")
    except _Raised as raised:
        del sys.modules[name]
        e = raised.__cause__
        raise TargetImportError(f"{type(e).__name__}: {e} ({where(path, _line_in(e, path))})") from e
    except TargetImportError:
        del sys.modules[name]
        raise
    except SyntaxError as e:
        del sys.modules[name]
        raise TargetImportError(f"SyntaxError: {e.msg} ({where(e.filename or path, e.lineno)})") from None
    except Exception as e:
        del sys.modules[name]
        line = _line_in(e, path)
        named = explain(e)  # a classic slip (an import of IPython, ...) is named, not only shown
        raise TargetImportError(f"{named[0] if named else f'{type(e).__name__}: {e}'} ({where(path, line)})") from e
    finally:
        sys.dont_write_bytecode = dont_write
        for notify in observers:
            notify("imported", path)
    return module


def _line_in(exc: BaseException, path: Path) -> int | None:
    """The last line of path in exc's traceback."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line = frame.lineno
    return line


def untouched(path: Path, names: tuple[str, ...]) -> bool:
    """True when every function of names in path (methods of a class too) is still a bare stub.

    A stub's body is a docstring, comments and `raise NotImplementedError`; read with ast, never run.
    """
    try:
        tree = _parsed(read_source(path))  # (in silence: --watch's own process reads it)
    except (OSError, *UNPARSABLE):  # any file ast cannot take: not a stub
        return False
    if tree is None:
        return False
    found = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name in names}
    if set(found) != set(names):
        return False
    functions = [f for node in found.values() for f in ([node] if isinstance(node, ast.FunctionDef) else node.body)
                 if isinstance(f, ast.FunctionDef)]
    return bool(functions) and all(_raises_not_implemented(f) for f in functions)


STUB_FILE_LIMIT = 2**18  # bytes: a workbook file of stubs takes under 10 KiB; one past this is written in, not a stub


@functools.lru_cache(maxsize=4)
def _parsed(source: str) -> ast.Module | None:
    """source's tree, parsed once for all the exercises of its file (--watch asked for each: red team 108's file of
    1 MiB, slow to parse, held the first table 87 s); None past STUB_FILE_LIMIT."""
    return None if len(source) > STUB_FILE_LIMIT else parse(source)


def _raises_not_implemented(f: ast.FunctionDef) -> bool:
    body = [s for s in f.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) and
            not isinstance(s, ast.Pass)]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


# What instructor mode's worker takes of the graded folder: a file of its own up to SOURCE_LIMIT, SOURCES_COUNT
# files and SOURCES_LIMIT bytes in all (sent as they are: red team I32's control characters, counted as JSON writes
# them, took six times their bytes and left a correct file out); the exercises' files first
SOURCES_LIMIT, SOURCES_COUNT = 6 * 2**20, 256


def sources(folder: Path, first=frozenset()) -> tuple[dict[str, str], dict[str, str]]:
    """(the graded folder's *.py as text, for instructor mode's worker; {name: why} of those left out). Regular files
    only, none a link (a symbolic one, or a hard link to a file of the workbook's solutions/ or tests/), so no other
    file's text goes as the learner's; the files named in first (the catalogue's) go first, then the others from
    the smallest, while they fit (red team I11 sank every exercise with 9 MB of notes, 4,200 empty files or one
    unreadable file beside them)."""
    folder = Path(folder).resolve()
    theirs = {(s.st_dev, s.st_ino) for sub in ("solutions", "tests") if (ROOT / sub).resolve() != folder
              for p in (ROOT / sub).glob("*") for s in [p.lstat()]}
    found = []
    for p in folder.glob("*.py"):
        try:
            st = p.lstat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and (st.st_dev, st.st_ino) not in theirs and p.resolve().parent == folder:
            found.append((p.name not in first, st.st_size, p.name, p))
    out, left, total = {}, {}, 0
    for _, size, name, p in sorted(found):
        if size > SOURCE_LIMIT:
            left[name] = f"larger than {SOURCE_LIMIT >> 20} MiB"
            continue
        try:
            data = p.read_bytes()
            text = data.decode("utf-8", "surrogateescape")  # its bytes, whatever its coding (red team
            # I15's correct Latin-1 file, re-encoded, failed)
        except OSError as e:
            left[name] = f"unreadable ({e.strerror})"
            continue
        if len(out) >= SOURCES_COUNT or total + len(data) > SOURCES_LIMIT:
            left[name] = f"past {SOURCES_COUNT} files or {SOURCES_LIMIT >> 20} MiB in all"
            continue
        out[name], total = text, total + len(data)
    return out, left
