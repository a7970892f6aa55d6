"""The grading core, collect -> run -> score, under every command (grade.py, --watch, --compare, check()).

collect: a test server imports torch and the graded tests once and says which tests each exercise
has; run: katas/runner.py forks a child per exercise; score: each exercise's worst test decides
(katas/results.py). The data an exercise needs is fetched in between, before any test runs.
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Callable
from pathlib import Path

from katas import runner, testserver
from katas.catalog import Catalog, Exercise
from katas.catalog import load as load_catalog
from katas.i18n import t
from katas.progress import Dependencies, Progress, fingerprints
from katas.results import ExerciseResult, GradingResults, write_whole
from katas.sandbox import UNSEEN_WALL


def server_for(exercises: list[Exercise], target: Path, seed: int, *, verbose: bool = False) -> testserver.Server:
    """A test server over the test files of exercises (watch mode keeps one for the whole session)."""
    files = sorted({str(testserver.ROOT / "tests" / ex.test_file) for ex in exercises})
    return testserver.Server(files, target, seed, [ex.id for ex in exercises], verbose=verbose)


def _prepare_fashion_mnist(keys: set[str]) -> None:
    """The workbook's own copy of Fashion-MNIST (data/, verified), made here: a test child sees the workbook
    read-only and could not make it (the tests say what is wrong with a copy that is missing or changed)."""
    from katas import data

    if data.FASHION_MNIST.key not in keys:
        return
    try:
        data.fashion_mnist_root()
        for name in data.FASHION_MNIST.files:  # torchvision's download=True reads these, or writes them
            raw = data.DOWNLOAD_DIR / name.removesuffix(".gz")
            if name.endswith(".gz") and not raw.exists():  # through a new temporary file (red team 26 planted links
                # and FIFOs at every name of the form NAME.PID.tmp: a learner file overwritten, grade.py held)
                with gzip.open(data.DOWNLOAD_DIR / name) as src:
                    write_whole(src.read(), raw)
    except Exception:  # noqa: BLE001 - DataChanged, OSError: each test that reads the set says so in its words
        pass


def grade(selected: list[Exercise], target: Path, target_arg: str, seed: int, *, verbose: bool = False,
          on_event: Callable[[dict], None] | None = None, server: testserver.Server | None = None,
          fetch: Callable[[list], None] | None = None, remember: bool = True,
          depends: Dependencies | None = None) -> tuple[GradingResults, runner.Run]:
    """Grade selected on target. fetch(missing) is called once, before any test runs, with the data sets
    (katas/data.py) that the selected exercises read and no copy of which is found (the tests say how
    to get them if they still are not there).
    The results are remembered (.katas/progress.json, with a fingerprint of the source graded) unless
    remember is False. depends: the folder as read for selected (or more of its files' exercises) before grading
    starts, where the caller has read it already (watch mode)."""
    if depends is None:
        depends = Dependencies(target, load_catalog(), selected)  # the source when grading starts
    prints = depends.fingerprints() if remember else {}
    own = server is None
    if own:
        server = server_for(selected, target, seed, verbose=verbose)
    try:
        collection = server.collect(on_event)
        wanted = {ex.id for ex in selected}
        keys = {k for test in collection if test.exercise in wanted for k in test.data}
        if fetch is not None and keys:
            from katas import data

            missing = [ds for key, ds in data.SETS.items() if key in keys and data.find(ds) is None]
            if missing:
                fetch(missing)
        if keys:
            _prepare_fashion_mnist(keys)
        theirs = target.resolve() == (testserver.ROOT / "solutions").resolve()  # the tests' own: every one in view
        # a folder not walked to its end (past 2,000 entries) may hold a FIFO no child's view covers: no two children
        # at once, then, to talk through it
        run = runner.run(selected, server, seed=seed, verbose=verbose, on_event=on_event,
                         unseen=None if theirs else depends.unseen(), views=[] if theirs else depends.views,
                         serial=not (theirs or depends.complete))
    finally:
        if own:
            server.close()
    _note_dropped(run.dropped)  # a child's records that were refused: kept for whoever wonders why, this run's only
    missing = sorted({w for _, lacking in run.walls.values() for w in lacking})
    if missing:  # the platform refused some of katas/sandbox.py's walls: said once, the rest still hold
        print("note: learner code is graded here without: " + "; ".join(missing)
              + " (README: What grading protects)", file=sys.stderr)
    for ex_id, why in run.rerun.items():  # said, not hidden: the verdict is the second grading's
        print(f"note: {ex_id} {why} while other exercises ran: graded again alone, after every other",
              file=sys.stderr)
    results = GradingResults(
        target=target_arg,
        seed=seed,
        devices=run.devices or ["cpu"],
        exercises=[ExerciseResult.from_tests(ex, run.tests[ex.id]) for ex in selected],
    )
    if remember:
        Progress(target).record(results, rememberable(prints, depends.unchanged(), run))
    return results, run


def rememberable(prints: dict[str, str], unchanged: set[str], run: runner.Run) -> dict[str, str]:
    """Of prints (the fingerprints of the folder as read before grading), those a result may be remembered with: not
    where a child's view of the folder was not built (it may have read what no fingerprint holds), nor where the
    folder changed while it was graded (unchanged: Dependencies.unchanged; its child may have been given other
    bytes)."""
    unhidden = {ex_id for ex_id, (_, lacking) in run.walls.items() if any(w.startswith(UNSEEN_WALL) for w in lacking)}
    return {k: v for k, v in prints.items() if k not in unhidden and k in unchanged}


def _note_dropped(lines: list[str]) -> None:
    from katas.progress import remove_state, state_dir, write_state

    path = state_dir() / "dropped-records.log"
    if lines:
        write_state(path, ("\n".join(lines[:1000]) + "\n").encode("utf-8", errors="replace"))
    else:  # an earlier run's (red team 12: a child's words, kept after a clean grading)
        remove_state(path)


def known_results(catalog: Catalog, target: Path, results: GradingResults | None = None) -> dict[str, ExerciseResult]:
    """Remembered results still valid for the source on disk, overlaid with this run's."""
    memory = Progress(target)
    prints = fingerprints(target, catalog, catalog.exercises)
    known = {ex.id: r for ex in catalog.exercises if (r := memory.known(ex, prints[ex.id])) is not None}
    known.update({e.id: e for e in (results.exercises if results else [])})
    return known


def pick(catalog: Catalog, name: str, lang: str) -> Exercise | None:
    """One exercise by id or Python name; None (after saying why on stderr) when unknown or ambiguous."""
    try:
        return catalog.one(name)
    except KeyError as e:
        print(unknown_message(e, lang), file=sys.stderr)
    except ValueError as e:  # a Python name that several sections share, or a section or chapter
        key = "ambiguous" if catalog.shared(name) else "ambiguous_section"
        print(t(key, lang, name=name, ids=e.args[0]), file=sys.stderr)
    return None


def unknown_message(e: KeyError, lang: str) -> str:
    """'unknown exercise: sdg — did you mean sgd?' from catalog.select's KeyError."""
    words, suggestions = e.args if len(e.args) == 2 else (list(e.args), {})
    lines = []
    for w in words:
        close = suggestions.get(w) or []
        key = "unknown_suggest" if close else "unknown"
        lines.append(t(key, lang, names=w, close=", ".join(close)))
    return "\n".join(lines)


def fetch_before_tests(lang: str, missing: list) -> None:
    """grade()'s fetch for the commands: download each missing data set, saying so on stderr (and why
    one failed)."""
    from katas import data

    for ds in missing:
        print(t("fetching_first", lang, **data_words(ds, lang)), file=sys.stderr)
        try:
            data.fetch(ds)
        except (data.FetchError, OSError) as e:  # OSError: a file named data, a folder this user may not write (red
            # team 32: a traceback, and no table)
            print(t("fetch_failed", lang, error=e, **data_words(ds, lang)), file=sys.stderr)


def data_words(ds, lang: str) -> dict[str, str]:
    """What the fetch messages say about a data set (katas/i18n.py's fetching, fetched, fetch_failed)."""
    return {"title": ds.title, "size": ds.size, "folder": str(ds.folder), "check": ds.check,
            "what": ds.zh_what if lang == "zh" else ds.what, "env": ds.env}
