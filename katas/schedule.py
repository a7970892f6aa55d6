"""When a run's children start, in which order, and how long a child and the whole run may take: numbers the
parent computes from the tests' own timeouts, never from anything a child says.
"""

from __future__ import annotations

import os
from collections import Counter

from katas.catalog import Exercise
from katas.testserver import START_LIMIT, parallelism

GRACE = 10.0  # seconds past a test's own timeout before its child is killed
PROBE_LIMIT = 20.0  # seconds a learner's file may take to import
KILL_WAIT = 5.0  # seconds a killed child's exit may take to be reported before it is taken as dead
RUN_LIMIT = float(os.environ.get("KATAS_RUN_LIMIT") or 1800)  # seconds a whole grading may take, at most
FAIR_AFTER = 0.25  # past this share of its limit, a run picks exercises of the files that have spent least first
UNTRIED = 0.5  # the share of its time a file none of whose exercises has finished is taken to use (see fairest)


def room(running: dict, cores: int) -> bool:
    """Room for another child: fewer than `cores` still at work. One that has said "finish" is only exiting (its
    address space torn down, its end reported): the next starts beside it, one such at most, none when alone."""
    working = sum(1 for c in running.values() if not c.finished)
    return working < cores and len(running) < cores + (cores > 1)


def life(budget: float) -> float:
    """The longest a child lives once the server has started it, whatever it does or sends: its tests' budget,
    its file's import, the wait for its death to be reported (a probe: budget 0)."""
    return budget + PROBE_LIMIT + KILL_WAIT


def bound(budgets: list[float]) -> float:
    """The parent's bound on a whole run, which covers every child it schedules: the server's start, the
    children's lives spread over the children that run at once, the longest once more (the last to start)
    after a probe of its file; never more than RUN_LIMIT."""
    if not budgets:
        return START_LIMIT
    lives = [life(b) for b in budgets]
    return min(RUN_LIMIT, START_LIMIT + sum(lives) / parallelism() + max(lives) + life(0.0))


def fairest(ready: list[Exercise], running: dict, spent: Counter, allowed: Counter,
             budgets: dict[str, float]) -> Exercise | None:
    """The next exercise once a run has used FAIR_AFTER of its limit (before, the longest first): of the file whose
    finished children used the least share of their tests' time, a file none of whose has finished counting as
    UNTRIED, and of those the one with fewest children running now; then the shortest (red team 34's files that
    slept through most of each long test, not yet tried, went before a quick one of the same standing); ties in
    ready's order. A file whose code is slow or hangs
    then waits behind a file not tried yet (red team 18 kept 129 correct exercises of other files from running, with
    7 files that spent each test's time to the last second), and a file whose exercises finish quickly goes before
    both (red team I18 hung the first exercise of 57 files, and the same student's correct file, whose first
    exercise had run, waited behind all of them until the run's limit)."""
    return min(ready, key=lambda e: (*cost(e.file, running, spent, allowed), budgets[e.id]), default=None)


def charge(spent: Counter, allowed: Counter, file: str, lived: float, budget: float, killed: bool) -> None:
    """A finished child of file's: the seconds it lived against its tests' time; one the parent killed (a hang past a
    test's deadline) at its whole time: counted at the seconds it lived, a file hanging in each exercise's first test
    kept its turn ahead of the files not tried until the run's limit (red team 114)."""
    spent[file] += max(lived, budget) if killed else lived
    allowed[file] += budget


def cost(file: str, running: dict, spent: Counter, allowed: Counter) -> tuple[float, int]:
    """(the share of their time file's finished children used, UNTRIED if none has finished; how many of its
    children run now)."""
    busy = sum(1 for c in running.values() if c.exercise is not None and c.exercise.file == file)
    return (spent[file] / allowed[file] if allowed[file] else UNTRIED), busy
