"""What the grader remembers between runs (.katas/progress.json): each exercise's last result.

A result is kept with a fingerprint of the source it graded (the whole file: any line of it may run
when the file is imported, a decorator or a default of another definition too), so a remembered
pass is trusted only while that file is unchanged byte for byte. Watch mode, --compare and check() read and write it.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import itertools
import json
import os
import re
import stat
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import NamedTuple

from katas.catalog import ROOT, Catalog, Exercise
from katas.results import SEVERITY, ExerciseResult, GradingResults, not_plain, write_whole


def state_dir() -> Path:
    """The grader's own memory: hint counters, progress, backups. Never the learner's files."""
    return Path(os.environ.get("KATAS_STATE") or ROOT / ".katas")


def write_state(path: Path, data: bytes, mode: int = 0o644) -> bool:
    """data into path, a file of the grader's state folder, whole or not at all (False where it could not be). Each
    folder from the state folder down to path's is made if missing and must be a folder, not a link; the file is
    replaced by a rename, never written through (red team 22 made .katas/dropped-records.log a link to an exercise,
    and grading wrote a child's words into the learner's file)."""
    try:
        if not _own_folders(path, make=True):
            return False
        write_whole(data, path, mode)
    except OSError:
        return False
    return True


def remove_state(path: Path) -> None:
    """path, a file of the grader's state folder, removed if it is there: never a file a link leads to (red team 24
    made .katas a link to a folder of notes, and grading removed a picture there)."""
    with contextlib.suppress(OSError):
        if _own_folders(path, make=False):
            path.unlink(missing_ok=True)


def _own_folders(path: Path, make: bool) -> bool:
    """Whether each folder from the state folder down to path's is a folder, not a link (made where missing, with
    make); False for a path outside the state folder."""
    top = state_dir()
    return path.parent.is_relative_to(top) and not_plain(top, path.parent, make) is None


def plot_path(ex_id: str) -> Path:
    """Where the graded tests of exercise ex_id save the picture they drew (report.pictures lists it)."""
    return state_dir() / "plots" / f"{ex_id}.png"


# what ast and compile raise on a file they cannot take: a syntax error, NUL bytes (ValueError before 3.12),
# 200,000 terms in one expression (RecursionError), 100,000 unary minuses (MemoryError)
UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)


def parse(source: str) -> ast.Module:
    """ast.parse of a learner's file, in silence: Python 3.12+ warns of an invalid escape like "\\<ESC>" on stderr
    with the character raw (red team 20 sent escapes to the terminal through --watch and --compare)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def lines_of(source: str) -> list[str]:
    """source's lines as Python numbers them, each with its end: str.splitlines also breaks at form feeds, U+2028
    and other characters Python's lines hold (red team 28: a ^L before a definition made --reset replace the wrong
    lines of another exercise)."""
    return re.split(r"(?<=\n)|(?<=\r)(?!\n)", source)


def definitions(source: str) -> dict[str, str] | None:
    """Top-level name -> its source (decorators included); None when the file does not parse."""
    try:
        found = spans(source)
    except UNPARSABLE:
        return None
    lines = lines_of(source)
    return {name: "".join(lines[start - 1 : end]) for name, (start, end) in found.items()}


def spans(source: str) -> dict[str, tuple[int, int]]:
    """Top-level definition name -> its first and last line, decorators included (UNPARSABLE when it does not
    parse). A decorator starts at its `@`, which may stand lines above its expression (`@(` on a line of its own:
    red team 39's --reset left it in front of the stub)."""
    nodes = [n for n in parse(source).body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    ats = _at_lines(source) if any(n.decorator_list for n in nodes) else []
    out = {}
    for node in nodes:
        first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        before = [line for line in ats if line <= first]
        out[node.name] = (before[-1] if node.decorator_list and before else first, node.end_lineno)
    return out


def _at_lines(source: str) -> list[int]:
    """The lines of the `@` tokens of source, in order (a decorator's, and the matrix product's, which no
    expression between a decorator's `@` and its expression can hold)."""
    import tokenize

    # Python's lines, each ended by \n: a lone \r ends one too (red team 41: io's readline numbered a file of them, or
    # a comment ending in \r\r\r\n, otherwise, and --reset replaced another exercise's lines)
    lines = iter([line.rstrip("\r\n") + "\n" for line in lines_of(source) if line])
    try:
        return [tok.start[0] for tok in tokenize.generate_tokens(lambda: next(lines, ""))
                if tok.type == tokenize.OP and tok.string == "@"]
    except (tokenize.TokenError, SyntaxError):
        return []


def fingerprints(folder: Path, catalog: Catalog, exercises: list[Exercise]) -> dict[str, str]:
    """exercise id -> a hash of what its grade depends on: its whole file, as bytes. Any statement of the file
    runs at its import (another definition's decorator once forged a sibling's result), so a part of it is
    not enough: editing one exercise makes its file's other exercises stale too. An exercise file also depends on
    the exercise files it names (an import of an earlier chapter's), and every exercise on the folder's other
    files, at any depth: a file may import or read one (red team 30 broke a helper beside a passing exercise, and
    red team 32 one in a package beside it, and --watch kept showing the remembered pass)."""
    return Dependencies(folder, catalog, exercises).fingerprints()


class Dependencies:
    """What each exercise file of a graded folder depends on (see fingerprints): read once, for its fingerprints and
    for what its tests' child is not shown (unseen)."""

    def __init__(self, folder: Path, catalog: Catalog | None, exercises: list[Exercise]):
        self.folder, self.exercises = folder, exercises
        self.files = sorted({ex.file for ex in (catalog.exercises if catalog is not None else exercises)})
        # each path's stamp, taken before it is read or listed: a save while the folder is graded moves one (unchanged)
        self.stamps = {str(folder / file): _now(folder / file) for file in self.files}
        self.data = {file: _bytes(folder / file) for file in self.files}
        stems = {Path(file).stem: file for file in self.files}
        named = re.compile(rb"\b(" + b"|".join(re.escape(stem.encode()) for stem in stems) + rb")\b")
        parses = [PARSE_BUDGET]
        parsed: dict[str, set[str]] = {}  # by the text's digest: a file parses once however many exercises it has

        def names_in(text: bytes | str) -> set[str]:
            if not isinstance(text, bytes):
                return set()
            key = _digest(text)
            if key not in parsed:
                calls, found = _scan(text, named)
                parsed[key] = set(self.files) if calls and _reaches_any(text, parses) else {
                    stems[m.decode()] for m in found}
            return parsed[key]

        names = {file: names_in(text) - {file} for file, text in self.data.items()}
        tree = _tree(folder, set(self.files), names_in, self.stamps)
        self.beside, self.own, self.special, self.complete = tree.hash, tree.own, tree.special, tree.complete
        self.views = [str(folder) + name for name in tree.views]  # (see Tree)
        helpers_name = tree.named
        self.needs: dict[str, set[str]] = {}
        for file in {ex.file for ex in exercises}:  # and the exercise files a helper beside them names (red team 96)
            needs, todo = {file, *helpers_name}, [file, *helpers_name]
            while todo:  # the files it names, and the files those name
                for other in names[todo.pop()] - needs:
                    needs.add(other)
                    todo.append(other)
            self.needs[file] = needs

    def fingerprints(self) -> dict[str, str]:
        by_file = {file: _hash(self.beside, *(f"{f}:{_digest(self.data[f])}:{sorted(s for _, s in self.own.get(f, []))}"
                                              for f in sorted(needs))) for file, needs in self.needs.items()}
        return {ex.id: by_file[ex.file] for ex in self.exercises}

    def unchanged(self) -> set[str]:
        """The ids of the exercises whose every input is as it was read, by each path's stamp now: a result graded
        from this reading may be remembered. A save while grading ran gave later children other bytes than these
        (each child copies the folder's Python files as it starts), and a pass graded on the good version was
        remembered for the broken one put back (red team 131)."""
        moved = {path for path, stamp in self.stamps.items() if _now(Path(path)) != stamp}
        files = {str(self.folder / f): f for f in self.files}
        if any(path not in files for path in moved):  # the folder, a helper, a package beside: every exercise's input
            return set()
        moved_files = {files[path] for path in moved}
        return {ex.id for ex in self.exercises if not self.needs[ex.file] & moved_files}

    def unseen(self) -> dict[str, list[str]]:
        """exercise file -> the files of the folder its tests' child is not shown: the exercise files its fingerprint
        does not cover, and the files of __pycache__ that count toward those. What an exercise may read is then what
        its remembered result depends on, however its code reads it (red team 108 read another exercise file with
        numpy.fromfile, and one imported under a name Python normalises to another's, and --watch kept the pass); and
        for every exercise, the folder's files that are no regular file (a FIFO, which children graded at once could
        all open for writing on a read-only view and pass data through, its fingerprint never changed: red team
        117)."""
        unseen = {}
        for file, needs in self.needs.items():
            hidden = [f for f in self.files if f not in needs]
            names = [*(name for f in hidden for name, _ in self.own.get(f, [])), *self.special]  # (of __pycache__, ...)
            unseen[file] = [str(self.folder / f) for f in hidden] + [str(self.folder) + name for name in names]
        return unseen


# calls through which a file may read or run another file by a name it computes (a name written out is found by
# its text): red team 39 ran an earlier chapter's file through exec(compile(path.read_bytes(), ...)) of a path made
# with "+", and --watch kept the pass after that file broke
_REACHING = frozenset({"exec", "eval", "compile", "__import__", "import_module", "reload", "run_path", "run_module",
                       "spec_from_file_location", "SourceFileLoader", "exec_module", "load_module", "Sections", "open",
                       "read_text", "read_bytes", "getattr", "FileIO", "runsource", "runcode", "get_data",
                       "getline", "getlines"})  # (red team 102: io.FileIO(path).readall(), code's runsource)
_ON_A_PATH = frozenset({"read_text", "read_bytes", "open", "exec_module", "load_module", "runsource", "runcode",
                        "get_data", "getline", "getlines"})  # path.read_bytes()
# names of those that a file may bind to another name and call by it (red team 102: `_o, _c, _e = open, compile, exec`)
_ALIASED = frozenset({"exec", "eval", "compile", "__import__", "open", "getattr", "FileIO", "import_module",
                      "run_path", "spec_from_file_location", "SourceFileLoader"})


_CALLED = re.compile(rb"\b(" + b"|".join(n.encode() for n in sorted(_REACHING)) + rb")\s*\(|\b("
                     + b"|".join(n.encode() for n in sorted(_ALIASED)) + rb")\b")  # called, or named to be


# bytes of learner files one fingerprinting parses at most: it runs before the run's bound and watchdog, and red team
# 99's 300 files of 256 KiB, each slow to parse, held the table 6 minutes; past it, a file is taken as reaching every
# exercise file, unparsed (its fingerprint covers more, never less). A workbook's own files parse in a fraction of it.
PARSE_BUDGET = 2**20


def _scan(text: bytes, named: re.Pattern) -> tuple[bool, frozenset[bytes]]:
    """Whether text names one of _REACHING as called (or to be: see _reaches_any), and the names named finds in it;
    kept by a whole hash of text, not by the text (a folder's may be 64 MiB): --watch fingerprints the folder 4 times a
    save, and these searches took 10 ms each time."""
    key = (hashlib.sha256(text).digest(), named.pattern)
    if key not in _SCANNED:
        if len(_SCANNED) >= 4096:
            _SCANNED.clear()
        _SCANNED[key] = _CALLED.search(text) is not None, frozenset(named.findall(text))
    return _SCANNED[key]


_SCANNED: dict[tuple[bytes, bytes], tuple[bool, frozenset[bytes]]] = {}


def _reaches_any(text: bytes, budget: list[int]) -> bool:
    """Whether a file (one that _scan found naming one of _REACHING) calls one with an argument other than a string
    written out or __file__ (or reads a path's text): it then depends on every exercise file of the folder. One that
    does not parse runs nothing. Parsing spends budget (one fingerprinting's PARSE_BUDGET)."""
    if len(text) > 256 * 1024 or len(text) > budget[0]:  # no exercise file is near this: taken as reaching every
        return True  # file, unparsed (red team 44 padded 57 files to 1 MiB each, and their parses ran before the
    budget[0] -= len(text)  # run's watchdog)
    return _parsed_reaches_any(text)


@functools.lru_cache(maxsize=256)  # --watch looks every 0.05 s: a file is parsed once per content
def _parsed_reaches_any(text: bytes) -> bool:
    try:
        tree = parse(text.decode("utf-8", errors="replace"))
    except UNPARSABLE:
        return False
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Name, ast.Attribute)) and id(node) not in called and \
                (node.id if isinstance(node, ast.Name) else node.attr) in _ALIASED:
            return True  # bound to another name, or passed on, to be called by it
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in _REACHING:
            continue
        if isinstance(func, ast.Attribute) and name in _ON_A_PATH:
            return True
        for arg in (*node.args, *(k.value for k in node.keywords)):
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    or isinstance(arg, ast.Name) and arg.id == "__file__"):
                return True
    return False


TREE_LIMIT = 2000  # entries of a graded folder's tree that a fingerprint looks at
TREE_BYTES = 64 * 2**20  # and bytes of its Python files that it reads (2,000 files of 1 MiB took seconds)


class Tree(NamedTuple):
    hash: str
    named: set[str]  # the exercise files its Python files name
    own: dict[str, list[tuple[str, str]]]  # exercise file -> (name, what) of the __pycache__ files named after it
    special: list[str]  # the names of its files that are no regular file
    complete: bool = True  # walked to its end (no folder past TREE_LIMIT, none unlisted)
    views: tuple[str, ...] = ()  # its folders (names, "" for itself) a child sees through a tmpfs of its own: see below


def _tree(folder: Path, skip: set[str], names_in: Callable[[bytes | str], set[str]], stamps: dict[str, str]) -> Tree:
    """A hash of the folder's files but skip (top-level names) and the files of __pycache__ named after one of them
    (own: those of each, by file), at any depth: a Python file by its
    bytes, any other file by _stamp, a link by where it leads, without following links to folders or
    recursing; the files of skip that its Python files name (names_in); and the names of its files that are no regular
    file, nor lead to one (special: FIFOs, sockets, devices). A tree of more entries than TREE_LIMIT,
    or with a folder the grader may not list (a child of the same user may still open a name in it: red team 96),
    has no fingerprint that holds: nothing of it is remembered. stamps gains each folder's and file's stamp, taken
    before it is listed or read."""
    parts, todo, seen, named, read, own, special = [], [(folder, "")], 0, set(), 0, {}, []
    # a child sees the folder, each folder holding a Python file or one that is no regular file, each __pycache__, and
    # those above them, through a tmpfs of its own (katas/sandbox.py's _hide_files): their times and listings
    # (readdir's inode numbers) are not the real ones, which no fingerprint holds (red team 122 passed on a hidden
    # exercise file's inode and the folder's time). It sees the others as they are: their stamps count here.
    views, folders = {""}, {}
    stems = {f"{Path(file).stem}.": file for file in skip}  # __pycache__/<stem>.cpython-311.pyc: written whenever the
    # learner's Python imports that file, counted in that file's own fingerprint, not every exercise's (a child may
    # read one as data: red team 102's ch3_2_argument_passing.step.pyc)
    while todo:
        path, rel = todo.pop()
        stamps[str(path)] = _now(path)
        try:
            with os.scandir(path) as listing:  # read no further than the limit (a folder of millions of entries)
                entries = list(itertools.islice(listing, TREE_LIMIT + 1 - seen))
        except OSError as e:
            if isinstance(e, PermissionError):
                return Tree(_hash("unlisted", str(os.getpid()), str(time.time_ns())), named, own, special, False)
            parts.append(f"{rel}:{type(e).__name__}")
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            seen += 1
            if seen > TREE_LIMIT or read > TREE_BYTES:
                return Tree(_hash("too many files", str(os.getpid()), str(time.time_ns())), named, own, special, False)
            name = f"{rel}/{entry.name}"
            if not rel and entry.name in skip and not entry.is_dir(follow_symlinks=False):  # (a folder of that name
                if entry.is_symlink():  # is walked: red team 102 read data from ch11_2_convexity.py/step)
                    parts.append(f"{name}->{os.readlink(entry.path)}")  # (where one leads: red team 125)
                continue
            mine = stems.get(entry.name[:entry.name.find(".") + 1]) if rel == "/__pycache__" else None
            try:
                if entry.is_symlink():
                    parts.append(f"{name}->{os.readlink(entry.path)}")
                if entry.is_dir(follow_symlinks=False):
                    todo.append((Path(entry.path), name))
                    folders[name] = _stamp(entry.stat(follow_symlinks=False), read=False)  # (this walk lists it)
                    if entry.name == "__pycache__":  # (Python writes there: its time would tell every import)
                        views.add(name)
                elif entry.name.endswith(".py"):
                    stamps[entry.path] = _now(Path(entry.path))
                    text = _bytes(Path(entry.path))
                    if isinstance(text, str) and text.startswith(_UNREADABLE):
                        raise OSError(text)
                    read += len(text) if isinstance(text, bytes) else 0
                    parts.append(f"{name}:{_digest(text)}")
                    named |= names_in(text)
                    views.add(rel)
                else:
                    stamps[entry.path] = _now(Path(entry.path))
                    st = entry.stat()  # its change time too, which no learner code sets (red team 105: a tar kept the
                    if not stat.S_ISREG(st.st_mode):  # size and time)
                        special.append(name)
                        views.add(rel)
                    if mine:
                        views.add(rel)
                        own.setdefault(mine, []).append((name, f"{name}:{_stamp(st)}"))
                    else:
                        parts.append(f"{name}:{_stamp(st)}")
            except FileNotFoundError:  # (gone while walked: a change the next walk sees)
                parts.append(f"{name}:gone")
            except OSError:  # a name the grader cannot read by its path, which a child may by a relative one (red team
                # 128: a path past PATH_MAX was one constant here): nothing of such a tree is remembered
                return Tree(_hash("unread", str(os.getpid()), str(time.time_ns())), named, own, special, False)
    views |= {rel[:i] for rel in list(views) for i, c in enumerate(rel) if c == "/"}  # (and the folders above them)
    parts += [f"{name}/:{stamp}" for name, stamp in folders.items() if name not in views]
    return Tree(_hash(*sorted(parts)), named, own, special, True, tuple(sorted(views, key=lambda v: v.count("/"))))


def _bytes(path: Path) -> bytes | str:
    """A learner's file's bytes, or what it is when they cannot be read (see file_hash)."""
    try:
        return read_capped(path, SOURCE_LIMIT)
    except FileNotFoundError:
        return "missing"
    except TooLarge as e:
        return _hash("too large", str(e))
    except OSError as e:
        return _UNREADABLE + _hash("unreadable", type(e).__name__)


_UNREADABLE = "unreadable:"  # (how _bytes says so)


def _digest(data: bytes | str) -> str:
    return hashlib.sha1(data).hexdigest()[:16] if isinstance(data, bytes) else data


def file_hash(path: Path) -> str:
    """A file's bytes, hashed; a folder, a FIFO (never waited on), a missing or unreadable file, one larger than
    SOURCE_LIMIT (its size and times: red team 24's 1 TB of NUL bytes was read whole): what it is."""
    return _digest(_bytes(path))


# The most the grader's own process reads of a learner's file (to fingerprint or parse it: ast takes about 500 bytes
# a byte, and red team 24's 8 MB file held --watch at 3.5 GB) and instructor mode's worker takes of one
SOURCE_LIMIT = 2**20
STATE_LIMIT = 64 * 2**20  # of a file of the state folder (anyone's to write)


def _stamp(st: os.stat_result, read: bool = True) -> str:
    """A file that is not read, by what the kernel says of it: its size and inode, the time it was last written, the
    time its inode last changed, set by the kernel alone (a write, a rename onto it, an unpacking that gives the old
    modification time back), and (read) the time it was last read, which a child sees too (red team 125)."""
    kept = f"{st.st_size}:{st.st_ino}:{st.st_mtime_ns}:{st.st_ctime_ns}"
    return f"{kept}:{st.st_atime_ns}" if read else kept


def _now(path: Path) -> str:
    """path's stamp now (where it is a link, its target's too), without its read time: any write, rename or new entry
    moves it, as the kernel keeps the change time."""
    try:
        own = os.lstat(path)
        return _stamp(own, read=False) + (f">{_stamp(os.stat(path), read=False)}" if stat.S_ISLNK(own.st_mode) else "")
    except OSError as e:
        return type(e).__name__


class TooLarge(OSError):
    """A file larger than the grader reads (its str: the size, the times)."""


def read_capped(path: Path, limit: int) -> bytes:
    """path's bytes: a regular file of at most limit bytes, opened without waiting (a FIFO) or following a link's
    target's kind; raises OSError (NotAFile, TooLarge) otherwise. What is no regular file is not even opened: a
    device's open may act (a watchdog armed, a serial line's DTR), and a learner's link may name one (red team 96)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise IsADirectoryError(f"{path} is not a file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(f"{path} is not a file")
        if st.st_size > limit:
            raise TooLarge(f"{st.st_size} bytes, {_stamp(st)}")
        if st.st_size == 0:  # empty, or a kernel's file that says 0 (/proc/kmsg: a read takes the kernel's log away,
            return b""  # and the next one would wait; red team 96 linked two learner files to it)
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)
        if data is None:  # it would wait
            raise BlockingIOError(f"{path} would block")
        if len(data) > limit:  # it grew
            raise TooLarge(f"more than {limit} bytes")
        return data
    finally:
        os.close(fd)


def unread(path: str, e: OSError, lang: str) -> str:
    """Why the grader did not read a learner's file, in lang."""
    from katas.i18n import t

    why = t("source_too_large", lang, limit=f"{SOURCE_LIMIT >> 20} MiB") if isinstance(e, TooLarge) else (
        e.strerror or str(e))
    return t("source_unread", lang, path=path, why=why)


def read_source(path: Path) -> str:
    """A learner's file as text for the grader's own parse (OSError: unreadable, not a file, larger than
    SOURCE_LIMIT)."""
    return read_capped(path, SOURCE_LIMIT).decode("utf-8", errors="replace")


def read_state(path: Path) -> object:
    """A JSON file of the state folder, or None where it is missing, unreadable, too large or not JSON."""
    try:
        return json.loads(read_capped(path, STATE_LIMIT))
    except (OSError, ValueError, RecursionError):
        return None


_SAVED = {"status": str, "message": str, "message_zh": str, "fingerprint": str}


def _valid(saved: object) -> bool:
    """A remembered result as record() writes it: the fields it keeps, with their types, a known status."""
    return (isinstance(saved, dict) and all(isinstance(saved.get(k), t) for k, t in _SAVED.items())
            and saved["status"] in SEVERITY)


def _hash(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8", errors="replace")).hexdigest()[:16]


class Progress:
    """Remembered results of one graded folder."""

    def __init__(self, folder: Path):
        self.folder = folder.resolve()
        self.path = state_dir() / "progress.json"
        everything = read_state(self.path)
        mine = everything.get(str(self.folder)) if isinstance(everything, dict) else None
        self.results: dict[str, dict] = mine if isinstance(mine, dict) else {}

    def record(self, results: GradingResults, prints: dict[str, str]) -> None:
        for e in results.exercises:
            if e.id in prints:
                saved = {k: v for k, v in asdict(e).items() if k != "tests"}
                self.results[e.id] = {**saved, "fingerprint": prints[e.id]}
        self.save()

    def save(self) -> None:
        everything = read_state(self.path)
        if not isinstance(everything, dict):
            everything = {}
        everything[str(self.folder)] = self.results
        text = json.dumps(everything, ensure_ascii=False, indent=1)
        # text a child wrote may hold what no encoder takes (a lone surrogate): replaced, never raised; unwritten, the
        # results are still printed
        write_state(self.path, text.encode("utf-8", errors="replace"))

    def known(self, ex: Exercise, fingerprint: str | None = None) -> ExerciseResult | None:
        """The remembered result, if any (and only if fingerprint matches, when given).

        The file is anyone's to write: an entry counts only with the right shape and types, and its
        name, file and points come from the catalogue, never from the file."""
        saved = self.results.get(ex.id) if isinstance(self.results, dict) else None
        if not _valid(saved) or (fingerprint is not None and saved["fingerprint"] != fingerprint):
            return None
        passed = saved["status"] == "passed"
        return ExerciseResult(ex.id, ex.name, ex.file, ex.points if passed else 0, ex.points, saved["status"],
                              saved["message"], saved["message_zh"])

    def stale(self, catalog: Catalog, exercises: list[Exercise],
              prints: dict[str, str] | None = None) -> list[Exercise]:
        """The exercises whose source changed since they were last graded (or never were); prints: their
        fingerprints, where the caller has them."""
        if prints is None:
            prints = fingerprints(self.folder, catalog, exercises)
        return [ex for ex in exercises if self.known(ex, prints[ex.id]) is None]

    def passed(self, ex: Exercise, fingerprint: str) -> bool:
        """Passed, on the source of that fingerprint."""
        saved = self.known(ex, fingerprint)
        return saved is not None and saved.status == "passed"
