"""The runner's order: the next exercise is of the file whose children have lived least (red team 18: 7 files that
spent each test's time to the last second kept 129 correct exercises of other files from running before the run's
limit)."""

from collections import Counter
from types import SimpleNamespace

from katas import runner


def _ex(name: str, file: str):
    return SimpleNamespace(id=name, file=file)


def test_the_file_that_has_spent_least_goes_next_and_ties_keep_the_order():
    slow_a, slow_b, quick = _ex("a1", "slow.py"), _ex("a2", "slow.py"), _ex("b1", "quick.py")
    assert runner._fairest([slow_a, slow_b, quick], {}, Counter()) is slow_a  # nothing spent: longest first
    assert runner._fairest([slow_b, quick], {}, Counter({"slow.py": 30.0})) is quick
    running = {1: SimpleNamespace(exercise=slow_a, began=runner.time.monotonic() - 5)}  # one of its own still runs
    assert runner._fairest([slow_b, quick], running, Counter()) is quick
    assert runner._fairest([], {}, Counter()) is None
