"""What grading found, as small typed records (the --json schema of DESIGN.md)."""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from katas.catalog import Exercise
from katas.records import clean

# Worst first: an exercise takes the worst status among its tests.
# not_gradable: instructor mode's driver could not carry the test (its own word, never learner code's); a mistake
# another test of the exercise names says more, and a stub is not started before it is not gradable
SEVERITY = ("error", "crashed", "timeout", "failed", "not_started", "not_gradable", "passed")


_BARE_EXCEPTION = re.compile(r"[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)\b: ")
_BARE_REPORT = re.compile(  # what checks.expect_tensor/expect_number say when no Mistake matched
    r"(?:values differ.*\(largest error [^)]*\)"
    r"|returned shape \([^)]*\), expected \([^)]*\)|returned dtype \S+, expected \S+"
    r"|returned \S+, expected \S+)$"
)


def vagueness(message: str) -> int:
    """0: the message names a mistake; 1: it only reports values or a shape; 2: it is a bare exception.

    When several tests of an exercise fail, the summary shows the most specific message: a test
    that recognised the mistake says more than one that saw only its symptom.
    """
    first = message.strip().splitlines()[0] if message.strip() else ""
    if not first or _BARE_EXCEPTION.match(first):
        return 2
    return 1 if _BARE_REPORT.search(first) else 0


class _Honest:
    """Text fields pass through records.clean however they are set: a child's text never reaches the
    terminal, the HTML or the JSON with an escape sequence, a control or a bidi character in it."""

    TEXT: tuple[str, ...] = ()

    def __setattr__(self, name, value):
        object.__setattr__(self, name, clean(value) if name in self.TEXT and isinstance(value, str) else value)


@dataclass
class TestCaseResult(_Honest):
    name: str  # pytest node id
    outcome: str  # passed | failed | skipped | crashed | timeout
    seconds: float
    status: str = "passed"  # the exercise status this test implies
    en: str = ""
    zh: str = ""
    TEXT = ("name", "en", "zh")


@dataclass
class ExerciseResult(_Honest):
    id: str
    name: str
    file: str
    points: int
    max_points: int
    status: str
    message: str
    message_zh: str = ""
    tests: list[TestCaseResult] = field(default_factory=list)
    TEXT = ("message", "message_zh")

    @classmethod
    def from_tests(cls, ex: Exercise, tests: list[TestCaseResult]) -> ExerciseResult:
        counted = [t for t in tests if t.outcome != "skipped"]
        if not counted:
            status, en, zh = "error", "no test ran for this exercise", "这个练习没有运行任何测试"
        else:
            # the worst status; among its tests, the message that names a mistake over a bare report
            # a refusal of the code's own doing before one of the mode's limits, whatever their words (red team I26
            # put a line break in a class's name to make its refusal read vaguer than the limit's)
            worst = min(counted, key=lambda t: (SEVERITY.index(t.status), not own_doing(t.status, t.en),
                                                vagueness(t.en)))
            status, en, zh = worst.status, worst.en, worst.zh
            started = [t for t in counted if t.status not in ("not_started", "not_gradable")]
            if status == "not_started" and started:
                # part of it works: the unfinished part is a failure to point at
                status = "failed"
                if any(t.status == "passed" for t in counted):
                    en = f"partly done: {en}"
                    zh = f"完成了一部分：{zh}"
        return cls(
            id=ex.id,
            name=ex.name,
            file=f"{ex.file}",
            points=ex.points if status == "passed" else 0,
            max_points=ex.points,
            status=status,
            message=en,
            message_zh=zh,
            tests=tests,
        )


@dataclass
class GradingResults:
    target: str
    seed: int | None
    devices: list[str]
    exercises: list[ExerciseResult]

    @property
    def score(self) -> int:
        return sum(e.points for e in self.exercises)

    @property
    def max_score(self) -> int:
        return sum(e.max_points for e in self.exercises)

    @property
    def percent(self) -> float:
        return round(100.0 * self.score / self.max_score, 1) if self.max_score else 0.0

    @property
    def all_passed(self) -> bool:
        return all(e.status == "passed" for e in self.exercises)

    def to_json(self) -> dict:
        return {
            "target": self.target,
            "seed": self.seed,
            "devices": self.devices,
            "score": self.score,
            "max_score": self.max_score,
            "percent": self.percent,
            "exercises": [
                {
                    **{k: v for k, v in asdict(e).items() if k not in ("tests", "message_zh")},
                    "message_zh": e.message_zh,
                    "tests": [{"name": t.name, "outcome": t.outcome, "seconds": round(t.seconds, 3)} for t in e.tests],
                }
                for e in self.exercises
            ],
        }


# --json FILE: never through a link, never into a FIFO, a folder or the workbook's own files
_JSON_WHY = {
    "link": ("a symbolic link (the JSON would land wherever it points)", "符号链接（JSON 会写到它指向的地方）"),
    "folder": ("a folder", "文件夹"),
    "special": ("not a regular file (a FIFO, a device or a socket)", "不是普通文件（FIFO、设备或套接字）"),
    "no_folder": ("in a folder that does not exist", "所在的文件夹不存在"),
    "python": ("a .py file", ".py 文件"),
    "workbook": ("a file of the workbook's own (exercises/, solutions/, tests/, katas/ or the graded folder)",
                 "练习册自己的文件（exercises/、solutions/、tests/、katas/ 或被批改的文件夹）"),
}


def json_refusal(path: Path, protected: tuple[Path, ...]) -> tuple[str, str] | None:
    """Why --json must not write path (English, 中文), or None. Reads metadata only: a FIFO is never opened."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError:
        return _JSON_WHY["special"]
    if st is not None and stat.S_ISLNK(st.st_mode):
        return _JSON_WHY["link"]
    if st is not None and stat.S_ISDIR(st.st_mode):
        return _JSON_WHY["folder"]
    if st is not None and not stat.S_ISREG(st.st_mode):
        return _JSON_WHY["special"]
    if not path.parent.is_dir():
        return _JSON_WHY["no_folder"]
    if path.suffix == ".py":
        return _JSON_WHY["python"]
    real = path.parent.resolve() / path.name
    if any(real == p or p in real.parents for p in protected):
        return _JSON_WHY["workbook"]
    return None


NOT_GRADABLE = "not gradable in instructor mode: "  # the start of every refusal of instructor mode's driver


def own_doing(status: str, en: str) -> bool:
    """Whether a verdict not gradable is the submission's own doing (it returned a net of its own class, read what
    the test does not lend), not one of the mode's limits: the driver's words say so."""
    return status == "not_gradable" and en.removeprefix(NOT_GRADABLE).startswith("your code")


NOT_RUN = "not run: the whole grading passed its limit"  # the message of an exercise the run's limit left out


def unwritable(e: OSError) -> tuple[str, str]:
    """Why a file could not be written where --json or --junit named it (red team 34: a folder of /proc, or one this
    user may not write in, was a traceback and no table)."""
    why = e.strerror or type(e).__name__
    return f"in a place this user may not write ({why})", f"在当前用户无法写入的位置（{why}）"


def write_json(data: dict, path: Path) -> None:
    write_whole((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), path)


def not_plain(top: Path, folder: Path, make: bool = False) -> Path | None:
    """The first of top and the folders below it down to folder (which is inside top) that is a link or no folder,
    each made first where missing with make; None when every one is a plain folder or, without make, not there yet.
    The grader writes only through plain folders of its own: a link on the way would take its files elsewhere."""
    parts = folder.relative_to(top).parts
    for path in [top, *(top.joinpath(*parts[:i + 1]) for i in range(len(parts)))]:
        if make:
            path.mkdir(exist_ok=True)
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            return path
    return None


def write_whole(data: bytes, path: Path, mode: int = 0o644) -> None:
    """data written whole or not at all: a new temporary file in the same folder (O_EXCL: never a link's target),
    then os.replace, which replaces a link at path instead of writing through it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
