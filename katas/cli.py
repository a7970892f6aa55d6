"""python grade.py: grade the workbook (or some exercises), print the table, say what's next.

Also the learner's loop: --watch, --hint, --compare, --reset, and check() for notebooks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import time
from functools import partial
from pathlib import Path

from katas import catalog as catalog_mod
from katas import report
from katas.grading import fetch_before_tests, grade, known_results, pick, unknown_message
from katas.i18n import lang_from_env, t
from katas.progress import read_state, state_dir, write_state
from katas.records import clean, frame, safe_encoding
from katas.results import json_refusal, unwritable, write_json
from katas.target import resolve

CLASS_COMMANDS = ("--class", "--merge-gradebook", "--gradescope-zip", "--gradescope-run")  # katas/classroom.py


def parser(lang: str = "en") -> argparse.ArgumentParser:
    def h(key: str) -> str:
        return t("help_" + key, lang)

    p = argparse.ArgumentParser(prog="grade.py", description=h("description"))
    p.add_argument("names", nargs="*", help=h("names"))
    p.add_argument("--target", default="exercises", help=h("target"))
    p.add_argument("--json", metavar="FILE", help=h("json"))
    p.add_argument("--junit", metavar="FILE", help=h("junit"))
    p.add_argument("--class", metavar="SUBMISSIONS", dest="klass", help=h("class"))  # katas/classroom.py's
    p.add_argument("--instructor", action="store_true", help=h("instructor"))
    p.add_argument("--seed", type=int, help=h("seed"))
    p.add_argument("--verbose", "-v", action="store_true", help=h("verbose"))
    p.add_argument("--list", action="store_true", help=h("list"))
    p.add_argument("--fetch-data", action="store_true", help=h("fetch_data"))
    p.add_argument("--watch", action="store_true", help=h("watch"))
    p.add_argument("--hint", metavar="NAME", help=h("hint"))
    p.add_argument("--all", action="store_true", help=h("all"))
    p.add_argument("--compare", metavar="NAME", help=h("compare"))
    p.add_argument("--diff", action="store_true", help=h("diff"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("--reset", metavar="NAME", help=h("reset"))
    p.add_argument("--lang", choices=("en", "zh"), help=h("lang"))
    return p


def _lang(argv: list[str]) -> str:
    """--lang before argparse runs, so that --help itself speaks the learner's language."""
    for i, a in enumerate(argv):
        if a.startswith("--lang="):
            return "zh" if a.split("=", 1)[1] == "zh" else "en"
        if a == "--lang" and i + 1 < len(argv):
            return "zh" if argv[i + 1] == "zh" else "en"
    return lang_from_env()


def main(argv: list[str] | None = None) -> int:
    _stop_on_signals()
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C, a kill or a closed terminal in any command: its test processes are gone
        return 130
    except BrokenPipeError:  # `python grade.py | head`: the reader has gone, the test processes too
        _quiet_streams()
        return 128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1  # what a shell tool killed by it returns


def _quiet_streams() -> None:
    """Point stdout and stderr at devnull: Python's last flush at exit must not fail on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError, AttributeError):  # a notebook's stream has no file descriptor
            pass


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # a console that can't show ✓ or 中文 still gets the grade, and one of
        if hasattr(stream, "reconfigure"):  # 8 bits gets no C1 control made of a printable character (records.py);
            stream.reconfigure(encoding=safe_encoding(stream.encoding) or stream.encoding, errors="backslashreplace")
    if any(a.split("=")[0] in CLASS_COMMANDS for a in argv):  # their own options; imported only for them (after the
        from katas import classroom  # codec: --gradescope-run prints a report: red team 84)

        return classroom.main(argv)
    args = parser(_lang(argv)).parse_args(argv)
    if args.klass is not None:  # --class abbreviated (--cla): argparse took it for the line above's
        from katas import classroom

        return classroom.main(argv)
    lang = args.lang or lang_from_env()
    catalog = catalog_mod.load()
    if args.list:
        return list_exercises(catalog, lang)
    if args.fetch_data:
        return fetch_data(lang)
    if args.hint:
        return hint(catalog, args.hint, args.all, lang)
    if args.reset:
        from katas import reset

        return reset.main(catalog, args.reset, lang, force=args.force)
    try:
        selected = catalog.select(args.names)
    except KeyError as e:
        print(unknown_message(e, lang), file=sys.stderr)
        return 2
    target = resolve(args.target)
    if not target.is_dir():
        print(t("no_target", lang, target=args.target), file=sys.stderr)
        return 2
    from katas import data, sandbox

    needed = data.read_by_children(target)
    unreadable = sandbox.unreadable(needed)
    if unreadable:  # a child could not drop root (red teams 87 and 90)
        print(t("unreadable", lang, path=unreadable[0]), file=sys.stderr)
        return 2
    closed = sandbox.closed_above(needed)
    if closed:  # nor here, with no view of its own (red team 90)
        print(t("closed_above", lang, path=closed[0]), file=sys.stderr)
        return 2
    if args.instructor and (args.compare or args.watch):  # red team I6: --watch showed a self-study pass
        print(t("instructor_alone", lang), file=sys.stderr)
        return 2
    if args.compare:
        from katas import compare

        return compare.main(catalog, args.compare, target, lang, force=args.force, unified=args.diff, seed=args.seed)
    if args.watch:
        from katas import watch

        return watch.main(catalog, selected, target, args.target, lang, seed=args.seed)
    if args.instructor:  # the test server and its children read it: learner code runs in workers only
        os.environ["KATAS_INSTRUCTOR"] = "1"
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10_000)
    began = time.time()
    tick = report.Ticker(lang, len(selected)) if not args.verbose else None
    try:
        results, run = grade(selected, target, args.target, seed, verbose=args.verbose, on_event=tick,
                             fetch=partial(fetch_before_tests, lang))
    except KeyboardInterrupt:  # the test processes are gone already (grade's own cleanup)
        print(t("interrupted", lang), file=sys.stderr)
        return 130
    finally:
        if tick is not None:
            tick.close()
    refused = json_refusal(Path(args.json), _own_folders(target)) if args.json else None
    if args.json and refused is None:  # first: whatever happens to the terminal, the results are written
        try:
            write_json({**results.to_json(), **({"mode": "instructor"} if args.instructor else {})}, Path(args.json))
        except OSError as e:
            refused = unwritable(e)
    junit_written = True
    if args.junit:
        junit_written = _write_junit(results, catalog, Path(args.junit), lang,
                     "instructor" if getattr(args, "instructor", False) else "self-study")
    for ex_id, log in run.logs.items():  # no test told what went wrong: what its process said, framed, before the table
        if log.strip():
            print(t("log_tail", lang, id=ex_id) + "\n" + frame(log) + "\n")
    colour = report.use_colour()
    if args.instructor:
        print(t("instructor_mode", lang))
    print(report.table(results, catalog, lang, Path(args.target).name, colour))
    for word in args.names:
        shared = catalog.shared(word)
        if shared:
            ids = ", ".join(f"{ex.id} ({ex.section})" for ex in shared)
            print(t("shared_name", lang, name=word, n=len(shared), ids=ids, first=shared[0].id))
    known = known_results(catalog, target, results)
    if sys.stdout.isatty():  # a learner's terminal: where the whole workbook stands
        print("\n" + report.chapters(known, catalog, lang, colour))
    pictures = report.pictures(results, began, lang, listed=bool(args.names))
    if pictures:
        print(pictures)
    print(report.next_step(results, lang, args.target, catalog, known))
    if args.verbose and run.dropped:
        print("\n" + t("dropped", lang, n=len(run.dropped)) + "\n" + frame("\n".join(run.dropped[:20]), lines=100))
    if run.server_log.strip():
        print("\n" + t("server_log", lang) + "\n" + frame(run.server_log, lines=100))
    if not results.all_passed:
        flag = ["--target", args.target] if args.target != "exercises" else []
        replay = " ".join(["python grade.py", *args.names, *flag, "--seed", str(seed)])
        print(t("replay", lang, command=replay))
    if refused is not None:
        why = refused[1] if lang == "zh" else refused[0]
        print(t("json_refused", lang, path=clean(args.json, limit=200), why=why), file=sys.stderr)
        return 2
    if not junit_written:
        return 2
    return 0 if results.all_passed else 1


def _write_junit(results, catalog: catalog_mod.Catalog, path: Path, lang: str, mode: str) -> bool:
    """--junit FILE, refused as --json is (no link, no FIFO, never the workbook's own files): False then."""
    from katas.exports import junit, write_text
    from katas.gradebook import Record

    refused = json_refusal(path, _own_folders(resolve(results.target)))
    if refused is not None:
        why = refused[1] if lang == "zh" else refused[0]
        print(t("junit_refused", lang, path=clean(str(path), limit=200), why=why), file=sys.stderr)
        return False
    record = Record(Path(results.target).name or "workbook", results.target, mode, "graded", results.seed,
                    sum(c.seconds for e in results.exercises for c in e.tests), results.exercises, results.devices)
    try:
        write_text(junit([record], catalog), path)
    except OSError as e:
        why = unwritable(e)[1 if lang == "zh" else 0]
        print(t("junit_refused", lang, path=clean(str(path), limit=200), why=why), file=sys.stderr)
        return False
    return True


def _own_folders(target: Path) -> tuple[Path, ...]:
    """Where --json never writes: the workbook's own folders and the one being graded."""
    root = catalog_mod.ROOT.resolve()
    return (*(root / name for name in ("exercises", "solutions", "tests", "katas", "selftest", ".git")),
            target.resolve())


def _stop_on_signals() -> None:
    """A `kill` or a closed terminal (SIGHUP) ends grading as Ctrl-C does: the servers and every child they
    started go too, and their files."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        try:
            signal.signal(getattr(signal, name), stop)
        except (AttributeError, ValueError, OSError):  # Windows has no SIGHUP; not the main thread: no handler
            pass


def fetch_data(lang: str) -> int:
    """python grade.py --fetch-data: download the data sets the tests read into data/ (hash-checked; safe to repeat)."""
    from katas import data
    from katas.grading import data_words

    failed = False
    for ds in (ds for ds in data.SETS.values() if ds.fixtures):  # the sets some test reads
        missing = data.not_intact(ds)  # run again with everything there: no download, no message saying so
        if missing:
            print(t("fetching", lang, **data_words(ds, lang)), file=sys.stderr)
        try:
            data.fetch(ds, names=missing)
        except (data.FetchError, OSError) as e:  # OSError: no folder can be made there (a file named data)
            print(t("fetch_failed", lang, error=e, **data_words(ds, lang)), file=sys.stderr)
            failed = True
            continue
        print(t("fetched", lang, **data_words(ds, lang)))
    return 1 if failed else 0


def check(*names: str, target: str = "exercises", seed: int | None = None, lang: str | None = None):
    """Grade from a notebook or a REPL: check("linreg_sgd"). Returns the table (HTML in Jupyter, text elsewhere)."""
    from katas.notebook import check as _check

    return _check(*names, target=target, seed=seed, lang=lang)


def list_exercises(catalog: catalog_mod.Catalog, lang: str) -> int:
    exercises = catalog.exercises
    print(t("list_header", lang, n=len(exercises), points=sum(e.points for e in exercises)))
    for s in catalog.sections:
        print(f"\n{s.number}  {s.zh if lang == 'zh' else s.en}  (exercises/{s.file})")
        for ex in s.exercises:
            names = ", ".join(ex.names)
            print(f"  {ex.id:<24} {t('points', lang, n=ex.points)}  {names}")
    return 0


def hint(catalog: catalog_mod.Catalog, name: str, show_all: bool, lang: str) -> int:
    """The next hint of an exercise (each call shows one more), or all of them."""
    ex = pick(catalog, name, lang)
    if ex is None:
        return 2
    hints = ex.hints_zh if lang == "zh" else ex.hints_en
    state_file = state_dir() / "hints.json"
    seen = read_state(state_file)
    seen = seen if isinstance(seen, dict) else {}
    shown = seen.get(ex.id, 0)  # anyone's to write (red team 24: 0.5 and -5 crashed --hint)
    shown = shown if type(shown) is int and 0 <= shown <= len(hints) else 0
    n = len(hints) if show_all else min(shown + 1, len(hints))
    for i in range(0 if show_all else n - 1, n):
        print(t("hint_title", lang, n=i + 1, total=len(hints), id=ex.id))
        print("  " + hints[i])
    if not show_all:
        seen[ex.id] = n
        write_state(state_file, json.dumps(seen, indent=1).encode("utf-8"))
    last = n == len(hints)
    print(t("hint_last", lang, path=f"solutions/{ex.file}", id=ex.id) if last else t("hint_more", lang))
    return 0
