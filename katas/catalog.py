"""The one catalogue (tests/catalog.toml): every exercise in learning order."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# The workbook's folder; selftest points KATAS_ROOT at a tiny fixture workbook.
ROOT = Path(os.environ.get("KATAS_ROOT") or Path(__file__).resolve().parent.parent).resolve()
CATALOG = ROOT / "tests" / "catalog.toml"


@dataclass(frozen=True)
class Exercise:
    id: str
    names: tuple[str, ...]  # the Python names in the exercise file that this exercise covers
    points: int
    file: str  # e.g. "ch3_2_linear_regression_scratch.py", same in exercises/ and solutions/
    section: str  # d2l section number, e.g. "3.2"
    hints_en: tuple[str, ...]
    hints_zh: tuple[str, ...]
    uses: tuple[str, ...] = ()  # other names its tests swap for the reference's
    forbid: tuple[str, ...] = ()  # torch shortcuts a from-scratch exercise may not call

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def test_file(self) -> str:
        return "test_" + self.file


@dataclass(frozen=True)
class Section:
    number: str
    file: str
    en: str
    zh: str
    exercises: tuple[Exercise, ...] = field(default=())


@dataclass(frozen=True)
class Catalog:
    sections: tuple[Section, ...]

    @property
    def exercises(self) -> list[Exercise]:
        return [ex for s in self.sections for ex in s.exercises]

    def get(self, id_: str) -> Exercise:
        for ex in self.exercises:
            if ex.id == id_:
                return ex
        raise KeyError(id_)

    def select(self, words: list[str]) -> list[Exercise]:
        """Exercises named by words, in learning order (all of them when words is empty).

        A word is an exercise's id (that exercise), a Python name (every exercise with that name:
        4.2's sgd is mlp_sgd, 3.2's is linreg_sgd, and `sgd` grades both), or a section, by its
        number (3.6) or its file (ch3_6_softmax_scratch[.py]). Unknown words raise KeyError with
        the words and their closest matches.
        """
        if not words:
            return self.exercises
        chosen: set[str] = set()
        unknown = []
        for w in words:
            found = self.named(w)
            if not found:
                unknown.append(w)
            chosen.update(ex.id for ex in found)
        if unknown:
            raise KeyError(unknown, {w: self.suggest(w) for w in unknown})
        return [ex for ex in self.exercises if ex.id in chosen]

    def named(self, word: str) -> list[Exercise]:
        """What one word names: an id, a Python name, a section number or file, or a chapter number."""
        by_id = [ex for ex in self.exercises if ex.id == word]
        if by_id:
            return by_id
        by_name = [ex for ex in self.exercises if word in ex.names]
        if by_name:
            return by_name
        stem = word.removesuffix(".py").removeprefix("exercises/").removeprefix("solutions/")
        return [ex for s in self.sections if stem in (s.number, s.number.split(".")[0], s.file.removesuffix(".py"))
                for ex in s.exercises]

    def suggest(self, word: str) -> list[str]:
        """The ids and names closest to a mistyped word (sdg -> sgd)."""
        import difflib

        words = {ex.id for ex in self.exercises} | {n for ex in self.exercises for n in ex.names}
        return difflib.get_close_matches(word, sorted(words), n=3, cutoff=0.6)

    def shared(self, word: str) -> list[Exercise]:
        """The exercises a Python name covers when it is not an id and covers several (else [])."""
        found = self.named(word)
        return found if len(found) > 1 and any(word in ex.names for ex in found) else []

    def one(self, word: str) -> Exercise:
        """The exercise with this id, else the only one with this Python name.

        KeyError when unknown (as select), ValueError with the ids when the word names several.
        """
        found = self.select([word])
        if len(found) > 1:
            raise ValueError(", ".join(ex.id for ex in found))
        return found[0]

    def section_of(self, ex: Exercise) -> Section:
        return next(s for s in self.sections if ex in s.exercises)


def load(path: Path = CATALOG) -> Catalog:
    return _parse(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=2)  # by its text: --watch grades on every save, and the parse took 10-15 ms each time
def _parse(text: str) -> Catalog:  # (a Catalog is frozen: one parse may be shared)
    raw = tomllib.loads(text)
    sections = []
    for s in raw["section"]:
        exercises = tuple(
            Exercise(
                id=e["id"],
                names=tuple(e.get("names", [e["id"]])),
                points=e.get("points", 1),
                file=s["file"],
                section=s["number"],
                hints_en=tuple(e["hints"]["en"]),
                hints_zh=tuple(e["hints"]["zh"]),
                uses=tuple(e.get("uses", [])),
                forbid=tuple(e.get("forbid", [])),
            )
            for e in s.get("exercise", [])
        )
        sections.append(Section(s["number"], s["file"], s["en"], s["zh"], exercises))
    return Catalog(tuple(sections))


def exercise_of(item) -> str | None:
    """The exercise id named by a pytest item's @pytest.mark.exercise."""
    m = item.get_closest_marker("exercise")
    return m.args[0] if m and m.args else None
