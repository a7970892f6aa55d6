"""What a test child may tell the grader, checked line by line: its records are untrusted input.

A child writes one JSON object a line (katas/plugin.py). The parent accepts a record only when it
has the right shape and names a test the parent gave that child; anything else is dropped and
logged. Messages lose their control characters (an ANSI escape must not redraw a ✗ as a ✓) and are
cut to a length a table can show. Nothing here raises on what a child wrote.

clean() is the one filter for every text a child wrote, wherever the grader shows it: results clean
their text fields on assignment (katas/results.py), and logs, compare output and notebooks call it.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import functools
import json
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass

STATUSES = ("passed", "failed", "not_started", "error", "timeout", "crashed", "not_gradable")
OUTCOMES = ("passed", "failed")
MESSAGE_LIMIT = 2000  # characters of a message that are kept
PICTURE_LIMIT = 512 * 1024  # bytes of one PNG a child may hand over (.katas/plots/); its line fits READ_LIMIT
# CSI and OSC sequences (colours, cursor moves, clearing, window titles, the clipboard), any other ESC
# pair, C0 and C1 controls but tab and newline, the bidi controls that reorder what a line shows, and
# lone surrogates (no encoder writes them: a progress file or a terminal would raise on one)
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b.?"
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_BLANKS = re.compile(r"\n\s*\n(\s*\n)+")
_SPACES = re.compile(r" {9,}")
GUTTER = "  │ "  # before every line of a child's output: it cannot pass for the grader's own
FRAME_LINES = 40  # lines of a child's output shown at most (its last ones)
DEPTH_LIMIT = 64  # nesting of JSON a record may have (json.loads recurses: 200,000 "[" raised RecursionError)
# how an instructor-mode test starts its failure when its worker could not be started (katas/remote.py): the runner
# reads these words, the driver's, to grade the exercise again alone (katas/runner.py)
WORKER_NOT_STARTED = "instructor mode: the worker could not be started"


def clean(text: object, limit: int | None = MESSAGE_LIMIT) -> str:
    """text as a printable string: escape sequences, control and bidi characters removed, length capped."""
    s = text if isinstance(text, str) else str(text)
    if limit is None:
        return _CONTROL.sub("", s)
    s = _CONTROL.sub("", s[: 4 * limit])
    return s[:limit] + ("…" if len(s) > limit else "")


def one_line(text: object, limit: int = 120) -> str:
    """A single-line field (a wall's name): cleaned, newlines and tabs as spaces, capped."""
    return " ".join(clean(text, limit).split())


def columns() -> int:
    """The terminal's width in cells (80 when stdout is not a terminal: a file or a pipe reads the same
    everywhere)."""
    return max(shutil.get_terminal_size((80, 24)).columns, 20) if sys.stdout.isatty() else 80


def _cells(ch: str) -> int:
    """At least the cells a terminal gives ch: one for ASCII and the half-width forms, two for anything else.
    Python's width table is not the terminal's (U+4DC0's hexagrams are "N", one cell, there and two on screen):
    counting too many only cuts a row early, too few lets a child's text wrap into a row of its own. A character
    the console's encoding lacks is printed as its escape, \u2713 (red team 69 filled rows of ✓ that a Latin-1
    console printed six cells wide each, and its text wrapped into rows of its own)."""
    if ch < "\x7f":
        return 1
    return _escaped_cells(ch, getattr(sys.stdout, "encoding", None) or "utf-8")


@functools.lru_cache(maxsize=4096)
def _escaped_cells(ch: str, encoding: str) -> int:
    wide = 1 if unicodedata.east_asian_width(ch) in ("Na", "H") else 2
    try:
        if codecs.lookup(encoding).name.startswith("utf"):
            return wide
        return len(ch.encode(encoding, "backslashreplace"))  # a legacy console: a byte a cell (GBK's two for 中)
    except LookupError:
        return wide


# --- a console whose encoding is not UTF-8 ----------------------------------------------------------------


def safe_encoding(encoding: str | None) -> str | None:
    """The name of a codec for a console in encoding that writes as its escape each character the encoding makes a
    byte 0x80-0x9F of (C1 controls to an 8-bit terminal: cp1252's › is 0x9B, CSI, which cleared the screen and
    drew colours for red team 72), or None where there is none (UTF-8, or GBK, whose terminals read such bytes as
    halves of a character)."""
    try:
        base = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        return None
    return f"{_SAFE}{base}" if _c1_table(base) else None


@functools.lru_cache(maxsize=16)
def _c1_table(base: str) -> dict[int, str]:
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            ch = bytes([byte]).decode(base)
        except UnicodeDecodeError:
            continue
        if len(ch) == 1:
            table[ord(ch)] = ch.encode("ascii", "backslashreplace").decode("ascii") if ord(ch) > 0x7F else "?"
    return table


_SAFE = "katas-safe-"  # the prefix of those codecs' names


def _safe_codec(name: str) -> codecs.CodecInfo | None:
    if not name.replace("_", "-").startswith(_SAFE):
        return None
    base = codecs.lookup(name[len(_SAFE):])
    table = _c1_table(base.name)

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        return base.encode(text.translate(table), errors)[0], len(text)

    class Encoder(codecs.IncrementalEncoder):
        def encode(self, text: str, final: bool = False) -> bytes:
            return base.encode(text.translate(table), self.errors)[0]

    return codecs.CodecInfo(encode, base.decode, name=f"{_SAFE}{base.name}", incrementalencoder=Encoder,
                            incrementaldecoder=base.incrementaldecoder)


codecs.register(_safe_codec)


def cells(text: str) -> int:
    return sum(map(_cells, text))


def rows(text: str, first: int, rest: int) -> list[str]:
    """One line of a child's text cut into screen rows: the first at most `first` cells, the others `rest`.

    Tabs become spaces and a run of more than 8 spaces becomes 8, then every row is cut before the
    terminal would wrap it itself: no text of a child's can start a screen row the grader did not begin.
    """
    return cut(_SPACES.sub(" " * 8, text.expandtabs(8)), first, rest)


def cut(text: str, first: int, rest: int) -> list[str]:
    """text (one line, no tabs) cut into rows of at most `first` cells, then `rest`, between words where it can."""
    out, row, used, room = [], [], 0, max(first, 1)
    for ch in text:
        w = _cells(ch)
        if used + w > room and row:
            cut = "".join(row).rfind(" ") + 1  # between words where the row's second half has a space
            cut = cut if cut > len(row) // 2 else len(row)
            out.append("".join(row[:cut]).rstrip())
            row, room = row[cut:], max(rest, 2)
            used = sum(map(_cells, row))
        row.append(ch)
        used += w
    return [*out, "".join(row)]


def frame(text: str, lines: int = FRAME_LINES, width: int | None = None) -> str:
    """A child's output as the grader shows it: cleaned, runs of blank lines as one, cut to the terminal's
    width, its last `lines` screen rows, every one behind GUTTER (a fake table in a crash log reads as the
    child's, never as the grader's, however long its lines are)."""
    room = (width or columns()) - 1 - cells(GUTTER)
    kept = [r for s in _BLANKS.sub("\n\n", clean(text, limit=None).strip("\n")).split("\n")
            for r in rows(s, room, room)]
    cut = [f"… ({len(kept) - lines} lines before)"] if len(kept) > lines else []
    return "\n".join(GUTTER + s.rstrip() for s in cut + kept[-lines:])  # blank rows keep the whole gutter


def is_png(data: bytes) -> bool:
    """A PNG's signature, then its IHDR chunk first with a size that is a picture's (not any bytes behind 8)."""
    if len(data) < 33 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[8:16] != b"\x00\x00\x00\rIHDR":
        return False
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 0 < width <= 10_000 and 0 < height <= 10_000 and data[-12:-4] == b"\x00\x00\x00\x00IEND"


def _too_deep(line: str) -> bool:
    """Nested deeper than DEPTH_LIMIT? One pass over the line, character by character, no regex: a
    backtracking pattern over 40 KB of escaped quotes held the GIL (and the watchdog) for 43 s."""
    if line.count("[") + line.count("{") <= DEPTH_LIMIT:  # most lines (a picture's base64 has none): no walk
        return False
    depth, in_string, escaped = 0, False, False
    for ch in line:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > DEPTH_LIMIT:
                return True
        elif ch in "]}":
            depth -= 1
    return False


@dataclass(frozen=True)
class Record:
    event: str  # start | import | imported | result | finish | walls | picture
    nodeid: str = ""
    outcome: str = ""
    status: str = ""
    seconds: float = 0.0
    en: str = ""
    zh: str = ""
    payload: object = None  # walls: (held, missing); picture: (name, PNG bytes)


def parse(line: str, tests: set[str]) -> tuple[Record | None, str | None]:
    """(the record, None) when line is a valid record about one of tests; else (None, why it was dropped).
    Never raises, whatever line holds."""
    try:
        return _parse(line, tests)
    except Exception as e:  # noqa: BLE001 - a child's bytes must never end the grading
        return None, f"a record that could not be read ({type(e).__name__})"


def _parse(line: str, tests: set[str]) -> tuple[Record | None, str | None]:
    if _too_deep(line):
        return None, f"a record nested more than {DEPTH_LIMIT} deep"
    try:
        raw = json.loads(line)
    except ValueError:
        return None, f"not JSON: {clean(line)[:80]!r}"
    if not isinstance(raw, dict) or not isinstance(raw.get("event"), str):
        return None, f"not a record: {clean(line)[:80]!r}"
    event = raw["event"]
    if event in ("import", "imported", "finish"):
        return Record(event), None
    if event == "walls":
        held, missing = raw.get("held"), raw.get("missing")
        if not all(isinstance(x, list) and all(isinstance(w, str) for w in x) for x in (held, missing)):
            return None, "walls that are not lists of words"
        return Record("walls", payload=(tuple(one_line(w) for w in held[:20]),
                                        tuple(one_line(w) for w in missing[:20]))), None
    if event == "picture":
        name, png = raw.get("name"), raw.get("png")
        try:
            data = base64.b64decode(png, validate=True) if isinstance(png, str) else b""
        except (binascii.Error, ValueError):
            data = b""
        if not isinstance(name, str) or not is_png(data) or len(data) > PICTURE_LIMIT:
            return None, "a picture that is not a PNG"
        return Record("picture", payload=(name, data)), None
    nodeid = raw.get("nodeid")
    if event not in ("start", "result"):
        return None, f"unknown event {clean(event)[:40]!r}"
    if not isinstance(nodeid, str) or nodeid not in tests:
        return None, f"{event} for a test this child was not given: {clean(nodeid)[:120]!r}"
    if event == "start":
        return Record("start", nodeid), None
    status, outcome, seconds = raw.get("status", "passed"), raw.get("outcome"), raw.get("seconds", 0.0)
    if status not in STATUSES or outcome not in OUTCOMES or (outcome == "passed") != (status == "passed"):
        # a result that says something the grader does not know: the child is broken or lying
        return Record("result", nodeid, "crashed", "crashed", 0.0,
                      "the test process sent a result the grader does not understand",
                      "测试进程发回了无法识别的结果"), f"bad result for {nodeid}: {clean(raw)[:200]}"
    if not isinstance(seconds, (int, float)) or seconds != seconds or seconds < 0:
        seconds = 0.0
    return Record("result", nodeid, outcome, status, float(min(seconds, 1e6)),
                  clean(raw.get("en", "")), clean(raw.get("zh", raw.get("en", "")))), None
