"""python grade.py --watch: re-grade what you just saved, as rustlings does.

The watcher polls the target folder's mtimes (standard library only). On a save (once the file
has stayed still for a moment: an editor may write it twice) it grades the exercises of that file
whose source changed (read with ast; learner code is never imported here), or, if none did, the
file's unfinished ones; the same content seen again within a second is the same save. At start it
grades only what changed since the last grade, saying so. An untouched stub is never run: it is
shown as not started (a file whose top level fails to import shows that on its edited exercises).
One test server stays up for the whole session (torch imported, every selected test collected)
and forks a child per check, so a non-training re-check takes a fraction of a second; crashes
and hangs are the runner's to contain, and any failure of a check itself is reported and the
watcher goes on.
"""

from __future__ import annotations

import random
import sys
import time
from functools import partial
from pathlib import Path

from katas import report
from katas.catalog import Catalog, Exercise
from katas.grading import fetch_before_tests, grade, known_results, rememberable, server_for
from katas.i18n import t
from katas.progress import Dependencies, Progress, file_hash
from katas.records import frame
from katas.results import ExerciseResult, GradingResults
from katas.target import untouched
from katas.testserver import Server

POLL = 0.05  # seconds between looks at the folder
QUIET = 0.02  # a changed file must stay unchanged this long before it is read: some editors write twice
SETTLE = 1.0  # ... but a file still changing after this long is read as it is
REPEAT = 1.0  # the same content again this soon after a check is the same save (an atomic rename's second touch)
SHOWN_IDS = 6  # ids listed in a start-up line; the rest are counted


def _snapshot(folder: Path, files: list[str]) -> dict[str, tuple[int, int, int] | None]:
    out = {}
    for f in files:
        try:
            st = (folder / f).stat()
            out[f] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size)  # ctime: a save that gives the old time back
        except OSError:
            out[f] = None
    return out


class Watcher:
    def __init__(self, catalog: Catalog, selected: list[Exercise], target: Path, target_arg: str, lang: str,
                 seed: int | None = None, out=None):
        self.catalog, self.selected, self.target, self.target_arg = catalog, selected, target, target_arg
        self.lang, self.seed = lang, seed
        self.out = out if out is not None else sys.stdout
        self.tty = self.out.isatty()
        self.colour = report.use_colour(self.out)
        self.memory = Progress(target)
        self.files = list(dict.fromkeys(ex.file for ex in selected))
        self.server: Server | None = None
        self.stubs: dict[str, ExerciseResult] = {}  # untouched at start: not started, known without running
        self.checked: dict[str, tuple[str, float]] = {}  # file -> (its content's hash, when it was last checked)

    def _server(self) -> Server:
        """The session's test server, started again if it is gone."""
        if self.server is None or self.server.procs[0].poll() is not None:
            if self.server is not None:
                self.server.close()
            self.server = server_for(self.selected, self.target, self.seed or 0)
        return self.server

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def start(self) -> None:
        """Grade what changed since the grader last saw it, saying so, then show the whole selection as
        a plain `python grade.py` would. An untouched stub is not started: shown so, not run. The test
        server starts at once either way, so that it is ready for the first save."""
        self.snap = _snapshot(self.target, self.files)
        edited = self._to_run(self.memory.stale(self.catalog, self.selected))
        self._server()
        if edited:
            ids = ", ".join(ex.id for ex in edited[:SHOWN_IDS]) + (" …" if len(edited) > SHOWN_IDS else "")
            self.say(t("watch_first", self.lang, n=len(edited), ids=ids))
        self.check(edited, whole=True)

    def _to_run(self, exercises: list[Exercise]) -> list[Exercise]:
        """exercises less the untouched stubs, which are noted as not started (all their tests would say so)."""
        run = []
        for ex in exercises:
            if untouched(self.target / ex.file, ex.names):
                self.stubs[ex.id] = _not_started(ex)
            else:
                self.stubs.pop(ex.id, None)
                run.append(ex)
        return run

    def _settled(self, changed: list[str], now: dict) -> dict:
        """The snapshot once the changed files have stopped changing (an editor's save may be two writes):
        a file last written QUIET ago is read at once, a fresher one after it stays still that long."""
        end = time.monotonic() + SETTLE
        while time.monotonic() < end:
            age = time.time() - max((now[f][0] / 1e9 for f in changed if now[f] is not None), default=0.0)
            if age >= QUIET:
                break
            time.sleep(QUIET - max(age, 0.0))
            again = {**now, **_snapshot(self.target, changed)}
            if again == now:
                break
            now = again
        return now

    def poll(self) -> bool:
        """One look at the folder; True when something was checked."""
        now = _snapshot(self.target, self.files)
        changed = [f for f in self.files if now[f] != self.snap.get(f)]
        if changed:
            now = self._settled(changed, now)
        self.snap = now
        checked = False
        for file in changed:
            digest = _digest(self.target / file)
            last = self.checked.get(file)
            if last is not None and last[0] == digest and time.monotonic() - last[1] < REPEAT:
                continue  # the same save, seen twice
            in_file = [ex for ex in self.selected if ex.file == file]
            depends = Dependencies(self.target, self.catalog, in_file)  # read once for what is stale and its grading
            prints = depends.fingerprints()
            todo = self._to_run(self.memory.stale(self.catalog, in_file, prints))
            if todo:
                self.say(t("watch_saved", self.lang, file=file, ids=", ".join(ex.id for ex in todo)))
            else:
                todo = self._to_run([ex for ex in in_file if not self.memory.passed(ex, prints[ex.id])])
                if todo:
                    self.say(t("watch_unchanged", self.lang, file=file, ids=", ".join(ex.id for ex in todo)))
            if todo:
                held = self.check(todo, depends=depends)
            else:
                self.show(None)
                held = True
            if held:
                self.checked[file] = (digest, time.monotonic())
            else:  # saved again while graded: the next look checks it whatever its bytes (red team 131's undo, within
                self.checked.pop(file, None)  # REPEAT of the save)
            checked = True
        return checked

    def check(self, todo: list[Exercise], whole: bool = False, depends: Dependencies | None = None) -> bool:
        """Grade todo and show it (the whole selection when whole, remembered results for the rest). depends: the
        folder as read for todo's files just before (poll's). False where a result graded was not remembered, as the
        folder changed while it was graded."""
        seed = self.seed if self.seed is not None else random.SystemRandom().randrange(10_000)
        results, log, seconds, held = None, "", None, True
        if todo:
            if depends is None:
                depends = Dependencies(self.target, self.catalog, todo)
            prints = depends.fingerprints()  # the source being graded
            began = time.perf_counter()
            tick = report.Ticker(self.lang, len(todo)) if self.tty else None
            try:
                results, run = grade(todo, self.target, self.target_arg, seed, server=self._server(), on_event=tick,
                                     fetch=partial(fetch_before_tests, self.lang), remember=False, depends=depends)
            except Exception as e:  # a bug of ours must not end the learner's session
                self.say(t("watch_failed", self.lang, error=f"{type(e).__name__}: {e}"))
                return True
            finally:
                if tick is not None:
                    tick.close()
            seconds = time.perf_counter() - began
            unchanged = depends.unchanged()
            held = {ex.id for ex in todo} <= unchanged
            self.memory.record(results, rememberable(prints, unchanged, run))
            log = "".join(f"\n{t('log_tail', self.lang, id=i)}\n{frame(text)}"
                          for i, text in run.logs.items() if text.strip())
        self.show(results, seconds, log, whole=whole)
        return held

    def show(self, results: GradingResults | None, seconds: float | None = None, log: str = "",
             whole: bool = False) -> None:
        known = {**self.stubs, **known_results(self.catalog, self.target, results)}
        todo = next((ex for ex in self.selected if ex.id not in known or known[ex.id].status != "passed"), None)
        if whole or results is None:
            if whole:  # the whole selection: this check's results and the remembered ones
                shown = [known[ex.id] for ex in self.selected if ex.id in known]
            else:  # nothing graded now: the file of the first unfinished exercise, from memory
                file = todo.file if todo else self.selected[-1].file
                shown = [known[ex.id] for ex in self.selected if ex.file == file and ex.id in known]
            seed = results.seed if results is not None else None
            devices = results.devices if results is not None else ["cpu"]
            results = GradingResults(self.target_arg, seed, devices, shown)
        if self.tty:
            self.out.write("\033[2J\033[H")  # a clean screen per check, as rustlings does
        parts = [report.table(results, self.catalog, self.lang, self.target.name, self.colour) + log]
        if seconds is not None:
            parts.append(t("took", self.lang, seconds=seconds))
        parts.append(report.chapters(known, self.catalog, self.lang, self.colour))
        if todo is None:
            parts.append(t("all_done", self.lang))
        else:
            parts.append(t("watch_next", self.lang, id=todo.id, path=f"{self.target.name}/{todo.file}"))
        parts.append(t("watch_start", self.lang, folder=self.target.name))
        self.say("\n".join(parts) + "\n")


def _not_started(ex: Exercise) -> ExerciseResult:
    """An untouched stub's result, known without running it (its tests would all say not started)."""
    return ExerciseResult(ex.id, ex.name, ex.file, 0, ex.points, "not_started", "")


def _digest(path: Path) -> str | None:
    return file_hash(path)  # a FIFO in place of the file is never waited on, a folder never raises


def main(catalog: Catalog, selected: list[Exercise], target: Path, target_arg: str, lang: str,
         seed: int | None = None) -> int:
    watcher = Watcher(catalog, selected, target, target_arg, lang, seed)
    try:
        watcher.start()
        while True:
            time.sleep(POLL)
            try:
                watcher.poll()
            except KeyboardInterrupt:
                raise
            except Exception as e:  # e.g. a file vanished between stat and read
                watcher.say(t("watch_failed", lang, error=f"{type(e).__name__}: {e}"))
    except KeyboardInterrupt:
        watcher.say(t("watch_stop", lang))
    finally:
        watcher.close()
    return 0
