"""What grade.py waits for as it exits, its table and JSON written: the processes of killed children still dying, and
the memory cgroups of children whose server (a test server, instructor mode's zygote, a --compare run's keeper) is
gone while they still hold processes. A process with a big address space takes seconds to die (red team 81's
helpers, 10 million page-table entries of a mapped library, outlived grade.py by 10 s as an ordinary user); past
DYING_WAIT grade.py says what is still there."""

from __future__ import annotations

import atexit
import sys
import time

from katas.cgroups import stale_groups_in_use, sweep_stale_groups
from katas.measure import dying

DYING_WAIT = 60.0  # seconds grade.py waits for them when it exits

_DYING: list[tuple[int, int]] = []  # killed children's processes taken as dead before their end was seen: (pid, start)
_WAITING: list[bool] = []  # wait_gone registered to run at exit


def wait_at_exit(pids: list[tuple[int, int]] = ()) -> None:
    """At exit, wait for these (pid, start time) and for every cgroup whose server is gone that still holds a process
    (what no look saw)."""
    _DYING.extend(pids)
    if not _WAITING:
        _WAITING.append(True)
        atexit.register(wait_gone)


def wait_gone(limit: float = DYING_WAIT) -> list[int]:
    """Wait until the killed children are gone, limit seconds at most: the pids still there (said on stderr)."""
    until = time.monotonic() + limit
    while True:
        left = [pid for pid, start in _DYING if dying(pid, start)]
        held = stale_groups_in_use()
        if not left and not held or time.monotonic() > until:
            break
        time.sleep(0.05)
    if left or held:
        print(f"note: {len(left)} process(es) of killed exercises still exiting after {limit:.0f} s: {left[:5]}"
              + (f"; {len(held)} cgroup(s) still holding their processes: {[g.name for g in held[:5]]}" if held
                 else ""), file=sys.stderr)
    _DYING.clear()
    _WAITING.clear()
    sweep_stale_groups()  # the memory cgroups of jobs whose processes outlived the server's tries (red team 115)
    return left
