"""A bound on a whole grading that holds whatever the runner's message loop is doing.

The runner's loop ends a run that passes its limit on its own; this is the backstop for a loop that is
held up (a server stopped with SIGSTOP, a pipe that never drains): a thread that, once the bound has
passed, runs the runner's kill (the server and every child, each with what it started), so that every
wait in the loop returns and the table and JSON are written from what is known.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Watchdog:
    def __init__(self, seconds: float, on_expiry: Callable[[], None]):
        self.expired = False
        self._until = time.monotonic() + seconds
        self._done = threading.Event()
        self._on_expiry = on_expiry
        self._thread = threading.Thread(target=self._watch, daemon=True, name="katas-watchdog")
        self._thread.start()

    def extend(self, seconds: float) -> None:
        """A later bound, by the parent's numbers (a starved exercise graded again alone)."""
        self._until += seconds

    def _watch(self) -> None:
        while not self._done.wait(max(0.0, self._until - time.monotonic())):
            if time.monotonic() < self._until:  # extended while it waited
                continue
            self.expired = True
            try:
                self._on_expiry()
            except Exception:  # noqa: BLE001 - a kill that fails must not take the runner's thread with it
                pass
            return

    def stop(self) -> None:
        self._done.set()

    def __enter__(self) -> Watchdog:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
