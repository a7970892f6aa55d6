"""The runner's order: the next exercise is of the file whose children have lived least (red team 18: 7 files that
spent each test's time to the last second kept 129 correct exercises of other files from running before the run's
limit)."""

import time
from collections import Counter
from types import SimpleNamespace

from katas import schedule


def _ex(name: str, file: str):
    return SimpleNamespace(id=name, file=file)


SAME = Counter()  # every exercise's budget the same: the order decides (a Counter reads 0 for any id)


def test_the_file_that_has_spent_least_goes_next_and_ties_keep_the_order():
    slow_a, slow_b, quick = _ex("a1", "slow.py"), _ex("a2", "slow.py"), _ex("b1", "quick.py")
    assert schedule.fairest([slow_a, slow_b, quick], {}, Counter(), Counter(), SAME) is slow_a  # nothing run: the order
    slow = Counter({"slow.py": 30.0}), Counter({"slow.py": 31.0})  # used its whole time: a file not tried goes first
    assert schedule.fairest([slow_b, quick], {}, *slow, SAME) is quick
    running = {1: SimpleNamespace(exercise=slow_a, began=time.monotonic() - 5)}  # one of its own still runs
    assert schedule.fairest([slow_b, quick], running, Counter(), Counter(), SAME) is quick
    assert schedule.fairest([], {}, Counter(), Counter(), SAME) is None


def test_a_file_whose_exercises_finish_quickly_goes_before_files_not_tried():
    """Red team I18 hung the first exercise of 57 files: a file of correct exercises, one of which had finished in a
    fraction of its time, waited behind every untried file, and the run's limit came first."""
    hang_a, hang_b, good = _ex("h1", "hang_a.py"), _ex("h2", "hang_b.py"), _ex("g2", "good.py")
    quick = Counter({"good.py": 3.0}), Counter({"good.py": 60.0})
    assert schedule.fairest([hang_a, hang_b, good], {}, *quick, SAME) is good
    hung = Counter({"good.py": 3.0, "hang_a.py": 200.0}), Counter({"good.py": 60.0, "hang_a.py": 200.0})
    assert schedule.fairest([hang_a, hang_b], {}, *hung, SAME) is hang_b  # one that hung waits behind one not tried


def test_of_files_not_tried_the_shortest_exercise_goes_first():
    """Red team 34: untried files whose exercises slept through most of each long test went first by the order
    (longest first), and a quick exercise of an untried correct file was not run before the limit."""
    long_one, quick = _ex("l1", "sleepy.py"), _ex("q1", "correct.py")
    assert schedule.fairest([long_one, quick], {}, Counter(), Counter(), {"l1": 300.0, "q1": 12.0}) is quick


def test_a_child_the_parent_killed_counts_at_its_whole_time():
    """Red team 114: a file that hung in each exercise's first test (killed 30 s in, of 300 s of tests) counted at a
    tenth of its time, and kept its turn ahead of a file not tried until the run's limit left that file not run."""
    hung, untried = _ex("h2", "hangs.py"), _ex("u1", "untried.py")
    spent, allowed = Counter(), Counter()
    schedule.charge(spent, allowed, "hangs.py", 30.0, 300.0, killed=True)
    assert schedule.cost("hangs.py", {}, spent, allowed)[0] == 1.0
    assert schedule.fairest([hung, untried], {}, spent, allowed, SAME) is untried
    schedule.charge(spent, allowed, "quick.py", 1.0, 300.0, killed=False)  # one that ended by itself: its seconds
    assert schedule.cost("quick.py", {}, spent, allowed)[0] < schedule.UNTRIED
