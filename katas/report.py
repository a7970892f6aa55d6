"""The table a learner reads: by section, one line an exercise, then the score and what's next."""

from __future__ import annotations

import os
import sys

from katas.catalog import Catalog
from katas.i18n import t
from katas.results import GradingResults

SYMBOL = {"passed": "✓", "not_started": "·"}  # anything else is ✗
COLOUR = {"passed": "32", "not_started": "2"}  # green, dim; failures are red (31)


def use_colour(stream=sys.stdout) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour else text


def table(results: GradingResults, catalog: Catalog, lang: str, target_name: str, colour: bool) -> str:
    by_id = {e.id: e for e in results.exercises}
    width = max((len(e.id) for e in results.exercises), default=10)
    lines = [t("header", lang, target=target_name, seed=results.seed, devices=", ".join(results.devices))]
    for section in catalog.sections:
        shown = [by_id[ex.id] for ex in section.exercises if ex.id in by_id]
        if not shown:
            continue
        got = sum(e.points for e in shown)
        total = sum(e.max_points for e in shown)
        title = section.zh if lang == "zh" else section.en
        lines.append("")
        lines.append(_paint(f"{section.number}  {title}  {_bar(got, total)} {got}/{total}", "1", colour))
        for e in shown:
            sym = SYMBOL.get(e.status, "✗")
            code = COLOUR.get(e.status, "31")
            if e.status == "passed":
                note = ""
            elif e.status == "not_started":
                note = t("not_started", lang)
            else:
                msg = (e.message_zh if lang == "zh" else e.message) or e.status
                note = f"{e.status if e.status != 'failed' else ''}{': ' if e.status != 'failed' else ''}"
                note += msg.splitlines()[0]
            pts = f"{e.points}/{e.max_points}"
            lines.append(f"  {_paint(sym, code, colour)} {e.id:<{width}}  {pts:>5}  {note}".rstrip())
    lines.append("")
    lines.append(_paint(t("score", lang, score=results.score, max_score=results.max_score,
                          percent=results.percent), "1", colour))
    if "cuda" not in results.devices:
        lines.append(_paint(t("devices_note", lang), "2", colour))
    return "\n".join(lines)


def _bar(got: int, total: int, width: int = 10) -> str:
    filled = round(width * got / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def next_step(results: GradingResults, lang: str, target_name: str, target_arg: str | None) -> str:
    todo = next((e for e in results.exercises if e.status != "passed"), None)
    if todo is None:
        return t("all_done", lang)
    flag = f" --target {target_arg}" if target_arg else ""
    return t("next", lang, id=todo.id, path=f"{target_name}/{todo.file}",
             command=f"python grade.py {todo.id}{flag}")
