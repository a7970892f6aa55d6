"""Grading from Jupyter (or any REPL): from grade import check; check("sgd").

check() returns a Report: Jupyter shows its _repr_html_ (the same table, as HTML), a plain
REPL shows the text table, and in a script, where nothing shows a returned value, check()
prints it. Grading runs in child processes, as grade.py does, so a crash in learner code
never takes the kernel with it. Results are remembered for --watch and --compare.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from functools import partial

from katas import catalog as catalog_mod
from katas import report
from katas.i18n import lang_from_env, t
from katas.results import GradingResults
from katas.target import resolve


class UnknownExercise(KeyError):
    """check("corr2D"): says what grade.py says (unknown exercise: corr2D — did you mean corr2d?)."""

    def __str__(self) -> str:
        return self.args[0]


@dataclass
class Report:
    results: GradingResults
    text: str
    html: str

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return self.html

    @property
    def passed(self) -> bool:
        return self.results.all_passed


def check(*names: str, target: str = "exercises", seed: int | None = None, lang: str | None = None) -> Report:
    """Grade the named exercises (all when none) and return the table."""
    from katas.grading import fetch_before_tests, grade, known_results, unknown_message

    lang = lang or lang_from_env()
    catalog = catalog_mod.load()
    try:
        selected = catalog.select(list(names))
    except KeyError as e:
        raise UnknownExercise(unknown_message(e, lang)) from None  # the words and suggestions, not a raw tuple
    folder = resolve(target)
    if not folder.is_dir():
        raise FileNotFoundError(t("no_target", lang, target=target))
    seed = seed if seed is not None else random.SystemRandom().randrange(10_000)
    results, _ = grade(selected, folder, target, seed, fetch=partial(fetch_before_tests, lang))
    name = folder.name
    known = known_results(catalog, folder, results)
    chapters = report.chapters(known, catalog, lang, False)
    footer = report.next_step(results, lang, str(target), catalog, known)
    text = "\n".join([report.table(results, catalog, lang, name, False), "", chapters, footer])
    html = report.html(results, catalog, lang, name) + f"<pre>{_esc(chapters)}</pre><p>{_esc(footer)}</p>"
    if not _shows_values():  # a script never displays what check() returns: print the table there
        print(text)
    return Report(results, text, html)


def _shows_values() -> bool:
    """True where an expression's value is displayed: a REPL (python, python -i, IPython) or Jupyter."""
    if hasattr(sys, "ps1") or sys.flags.interactive:
        return True
    ipython = sys.modules.get("IPython")
    return bool(ipython is not None and getattr(ipython, "get_ipython", lambda: None)())


def _esc(s: str) -> str:
    import html

    return html.escape(s)
