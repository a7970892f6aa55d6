"""What grading found, as small typed records (the --json schema of DESIGN.md)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from katas.catalog import Exercise
from katas.records import clean

# Worst first: an exercise takes the worst status among its tests.
SEVERITY = ("error", "crashed", "timeout", "failed", "not_started", "passed")


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
            worst = min(counted, key=lambda t: (SEVERITY.index(t.status), vagueness(t.en)))
            status, en, zh = worst.status, worst.en, worst.zh
            started = [t for t in counted if t.status != "not_started"]
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
