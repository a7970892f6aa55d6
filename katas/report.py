"""The table a learner reads: by section, one line an exercise, then the score and what's next."""

from __future__ import annotations

import html as html_mod
import os
import shutil
import sys
from pathlib import Path

from katas.catalog import Catalog
from katas.i18n import t
from katas.progress import plot_path
from katas.records import GUTTER, cells, columns, rows
from katas.results import ExerciseResult, GradingResults

# anything else is ✗; "?" only for what instructor mode's driver could not carry (a status learner code cannot set)
SYMBOL = {"passed": "✓", "not_started": "·", "not_gradable": "?"}
COLOUR = {"passed": "32", "not_started": "2"}  # green, dim; failures are red (31)


def use_colour(stream=sys.stdout) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour else text


def table(results: GradingResults, catalog: Catalog, lang: str, target_name: str, colour: bool,
          width: int | None = None) -> str:
    """The table, `width` cells wide (the terminal's by default): a message longer than its row goes on
    in rows of its own behind GUTTER, so no text of a child's can draw a row of the table."""
    by_id = {e.id: e for e in results.exercises}
    width = width or columns()
    id_width = max((len(e.id) for e in results.exercises), default=10)
    lines = [_header(results, lang, target_name)]
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
            note = _note(e, lang)
            pts = f"{e.points}/{e.max_points}"
            start = f"  {sym} {e.id:<{id_width}}  {pts:>5}  "
            first, *more = rows(note, width - 1 - cells(start), width - 1 - cells(GUTTER))
            lines.append(f"  {_paint(sym, code, colour)} {e.id:<{id_width}}  {pts:>5}  {first}".rstrip())
            lines.extend((GUTTER + r).rstrip() for r in more)
    lines.append("")
    lines.append(_paint(t("score", lang, score=results.score, max_score=results.max_score,
                          percent=results.percent), "1", colour))
    if "cuda" not in results.devices:
        lines.append(_paint(t("devices_note", lang), "2", colour))
    return "\n".join(lines)


def _header(results: GradingResults, lang: str, target_name: str) -> str:
    key = "header" if results.seed is not None else "header_remembered"  # watch mode, nothing graded now
    return t(key, lang, target=target_name, seed=results.seed, devices=", ".join(results.devices))


def _note(e, lang: str) -> str:
    """Nothing for a pass; the first line of a failure, after its status unless that is plain `failed`."""
    if e.status == "passed":
        return ""
    if e.status == "not_started":
        return t("not_started", lang)
    msg = (e.message_zh if lang == "zh" else e.message) or t("status_" + e.status, lang)
    if e.status in ("failed", "not_gradable"):  # a not-gradable message says so itself
        return msg.splitlines()[0]
    return t("status_" + e.status, lang) + t("colon", lang) + msg.splitlines()[0]


def chapters(known: dict[str, ExerciseResult], catalog: Catalog, lang: str, colour: bool) -> str:
    """One progress bar per d2l chapter, over the whole catalogue (unknown exercises count 0)."""
    totals: dict[str, list[int]] = {}
    for ex in catalog.exercises:
        got_total = totals.setdefault(ex.section.split(".")[0], [0, 0])
        e = known.get(ex.id)
        got_total[0] += ex.points if e is not None and e.status == "passed" else 0
        got_total[1] += ex.points
    lines = [_paint(t("chapters", lang), "1", colour)]
    for chapter, (got, total) in totals.items():
        name = t("chapter", lang, n=chapter)
        bar = _paint(_bar(got, total), COLOUR["passed"] if got == total else "0", colour)
        lines.append(f"  {name:<6} {bar} {got}/{total}")
    return "\n".join(lines)


class Ticker:
    """A one-line progress indicator on stderr while tests run; silent when stderr is not a TTY.

    Pass it as runner.run's on_event; close() wipes the line before the table is printed.
    """

    def __init__(self, lang: str, n_exercises: int, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self.on = self.stream.isatty() and os.environ.get("TERM") != "dumb"
        self.lang, self.total, self.done, self.current = lang, 0, 0, ""
        self.title = t("running", lang, n=n_exercises)
        self._show()

    def __call__(self, rec: dict) -> None:
        ev = rec.get("event")
        if ev == "collected":
            self.total += len(rec.get("tests", []))
        elif ev == "start":
            self.current = rec["nodeid"].split("::")[-1]
        elif ev == "result":
            self.done += 1
        self._show()

    def _show(self) -> None:
        if not self.on:
            return
        count = f" [{self.done}/{self.total}] {self.current}" if self.total else ""
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r\033[K" + (self.title + count)[:width])
        self.stream.flush()

    def close(self) -> None:
        if self.on:
            self.stream.write("\r\033[K")
            self.stream.flush()


def html(results: GradingResults, catalog: Catalog, lang: str, target_name: str) -> str:
    """The same table for a notebook: sections with their bars, one row per exercise."""
    esc = html_mod.escape
    by_id = {e.id: e for e in results.exercises}
    head = _header(results, lang, target_name)
    rows = []
    for section in catalog.sections:
        shown = [by_id[ex.id] for ex in section.exercises if ex.id in by_id]
        if not shown:
            continue
        got, total = sum(e.points for e in shown), sum(e.max_points for e in shown)
        title = section.zh if lang == "zh" else section.en
        rows.append(f'<tr><th colspan="4" style="text-align:left">{esc(section.number)} {esc(title)} '
                    f'<span style="font-family:monospace">{_bar(got, total)}</span> {got}/{total}</th></tr>')
        for e in shown:
            colour = {"passed": "green", "not_started": "gray"}.get(e.status, "crimson")
            note = _note(e, lang)
            rows.append(f'<tr><td style="color:{colour}">{SYMBOL.get(e.status, "✗")}</td>'
                        f"<td><code>{esc(e.id)}</code></td><td>{e.points}/{e.max_points}</td>"
                        f'<td style="text-align:left">{esc(note)}</td></tr>')
    score = t("score", lang, score=results.score, max_score=results.max_score, percent=results.percent)
    return (f'<div class="d2l-katas"><p>{esc(head)}</p><table>{"".join(rows)}</table>'
            f"<p><b>{esc(score)}</b></p></div>")


def _bar(got: int, total: int, width: int = 10) -> str:
    filled = round(width * got / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def next_step(results: GradingResults, lang: str, target_arg: str, catalog: Catalog | None = None,
              known: dict[str, ExerciseResult] | None = None) -> str:
    """What to do next: the first unfinished exercise, where it lives and the command that checks just it.

    Among this run's exercises first; when they all pass and catalog and known (the remembered
    results of the whole workbook, this run's included: cli.known_results) are given, the first
    exercise of the workbook that does not pass yet, so a single passing exercise also says
    what comes next.
    """
    flag = f" --target {target_arg}" if target_arg != "exercises" else ""

    def where(ex_id: str, file: str) -> dict:
        return {"id": ex_id, "path": f"{target_arg.rstrip('/')}/{file}", "command": f"python grade.py {ex_id}{flag}"}

    todo = next((e for e in results.exercises if e.status != "passed"), None)
    if todo is not None:
        return t("next", lang, **where(todo.id, todo.file))
    if catalog is None or known is None:
        return t("all_done", lang)
    later = next((ex for ex in catalog.exercises if getattr(known.get(ex.id), "status", None) != "passed"), None)
    if later is None:
        return t("workbook_done", lang)
    return t("passed_next", lang, **where(later.id, later.file))


def pictures(results: GradingResults, since: float, lang: str, listed: bool = True) -> str:
    """The pictures that this run's passing tests drew (.katas/plots/<id>.png written since `since`), or ''.

    Graded tests save what they draw (show_images, predict_ch3, Animator, training curves) with
    testkit.keep_picture; a learner on a terminal opens them from here. Listed for the exercises a
    learner named; a whole grade, which draws the same pictures each time, points to the folder.
    """
    found = []
    for e in results.exercises:
        path = plot_path(e.id)
        try:
            fresh = e.status == "passed" and path.stat().st_mtime >= since
        except OSError:
            continue
        if fresh:
            found.append(_relative(path))
    if not found:
        return ""
    if not listed:
        return t("pictures_folder", lang, folder=_relative(plot_path(results.exercises[0].id).parent) + "/")
    return t("pictures", lang, paths=", ".join(found))


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
