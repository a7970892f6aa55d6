"""python grade.py: grade the workbook (or some exercises), print the table, say what's next."""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from katas import catalog as catalog_mod
from katas import report, runner
from katas.i18n import lang_from_env, t
from katas.results import ExerciseResult, GradingResults
from katas.target import resolve

STATE = catalog_mod.ROOT / ".katas"  # the grader's own memory (hint counters); never learner files


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="grade.py", description="Grade d2l-katas exercises. 批改练习。")
    p.add_argument("names", nargs="*", help="exercise ids or Python names (default: all)")
    p.add_argument("--target", default="exercises", help="exercises (default), solutions, or a folder like exercises/")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--seed", type=int, help="replay a run with its seed")
    p.add_argument("--verbose", "-v", action="store_true", help="show pytest's own output")
    p.add_argument("--hint", metavar="NAME", help="show the next hint for an exercise")
    p.add_argument("--all", action="store_true", help="with --hint: show every hint at once")
    p.add_argument("--list", action="store_true", help="list the exercises in learning order")
    p.add_argument("--lang", choices=("en", "zh"), help="language (default: from LANG / LC_ALL)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    lang = args.lang or lang_from_env()
    catalog = catalog_mod.load()
    if args.list:
        return list_exercises(catalog, lang)
    if args.hint:
        return hint(catalog, args.hint, args.all, lang)
    try:
        selected = catalog.select(args.names)
    except KeyError as e:
        print(t("unknown", lang, names=e.args[0]), file=sys.stderr)
        return 2
    target = resolve(args.target)
    if not target.is_dir():
        print(t("no_target", lang, target=args.target), file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10_000)
    run = runner.run(selected, target, seed, verbose=args.verbose)
    results = GradingResults(
        target=args.target,
        seed=seed,
        devices=run.devices or ["cpu"],
        exercises=[ExerciseResult.from_tests(ex, run.tests[ex.id]) for ex in selected],
    )
    colour = report.use_colour()
    print(report.table(results, catalog, lang, Path(args.target).name, colour))
    print(report.next_step(results, lang, Path(args.target).name, None if args.target == "exercises" else args.target))
    if any(e.status in ("error", "crashed") and not e.tests[:1] == [] and e.tests[0].name == "(process)"
           for e in results.exercises) and run.log:
        print("\n" + t("log_tail", lang) + "\n" + run.log)
    if not results.all_passed:
        replay = " ".join(["python grade.py", *args.names, *(["--target", args.target] if args.target != "exercises" else []),
                           "--seed", str(seed)])
        print(t("replay", lang, command=replay))
    if args.json:
        Path(args.json).write_text(json.dumps(results.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if results.all_passed else 1


def list_exercises(catalog: catalog_mod.Catalog, lang: str) -> int:
    exercises = catalog.exercises
    print(t("list_header", lang, n=len(exercises), points=sum(e.points for e in exercises)))
    for s in catalog.sections:
        print(f"\n{s.number}  {s.zh if lang == 'zh' else s.en}  (exercises/{s.file})")
        for ex in s.exercises:
            names = ", ".join(ex.names)
            print(f"  {ex.id:<24} {ex.points} pt  {names}")
    return 0


def hint(catalog: catalog_mod.Catalog, name: str, show_all: bool, lang: str) -> int:
    try:
        (ex,) = catalog.select([name])
    except (KeyError, ValueError):
        print(t("unknown", lang, names=name), file=sys.stderr)
        return 2
    hints = ex.hints_zh if lang == "zh" else ex.hints_en
    state_file = STATE / "hints.json"
    seen = json.loads(state_file.read_text()) if state_file.exists() else {}
    n = len(hints) if show_all else min(seen.get(ex.id, 0) + 1, len(hints))
    for i in range(n if show_all else n - 1, n):
        print(t("hint_title", lang, n=i + 1, total=len(hints), id=ex.id))
        print("  " + hints[i])
    if not show_all:
        STATE.mkdir(exist_ok=True)
        seen[ex.id] = n
        state_file.write_text(json.dumps(seen, indent=1))
    last = n == len(hints)
    print(t("hint_last", lang, path=f"solutions/{ex.file}") if last else t("hint_more", lang))
    return 0
