"""A class's grades: one Record per student, written as gradebook.csv and .json, reports/<student>.txt,
junit/<student>.xml and summary.md (the mistakes most of the class made: what to teach again).

A Record holds the same ExerciseResult records as one grading (katas/results.py), so its report is the
learner's own table; points are recomputed from the catalogue, never copied from what a run wrote.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from katas import report
from katas.catalog import Catalog
from katas.records import STATUSES, clean, one_line
from katas.results import NOT_GRADABLE, NOT_RUN, ExerciseResult, GradingResults, own_doing, write_json

# How a submission ended: graded (grade.py wrote its results), refused (not read: intake.Refused),
# timeout (over the class's time limit), crashed (grade.py stopped without results)
KINDS = ("graded", "refused", "timeout", "crashed")
SAFE_NAME = re.compile(r"^\w[\w.\-~]{0,99}$")  # a student's name is a file name in reports/ and junit/


def entry_stem(entry: str) -> str:
    """A submission's entry name without its .zip."""
    return entry[:-4] if entry.lower().endswith(".zip") else entry


def student_name(entry: str) -> str:
    """A submission's entry name as a safe file name: its own letters (any script), digits, '.', '-'. In a name that
    mixes alphabets, the letters outside ASCII are written as their code points (red team I34: "bоb", with a
    Cyrillic о, had a row beside bob's that read the same)."""
    import unicodedata

    stem = unicodedata.normalize("NFC", entry_stem(entry))  # (macOS names its files decomposed: José as Jose + ´)
    if _mixes_alphabets(stem) or _passes_for_latin(stem):
        stem = "".join(f"_u{ord(c):04x}_" if c.isalpha() and not c.isascii() else c for c in stem)
    # a digit or numeral outside ASCII reads as one of ASCII's (red team I59: b၀b as bob, a١ice as alice, s123456𝟕 as
    # s1234567): written as its code point too
    stem = "".join(f"_u{ord(c):04x}_" if _invisible(c) or c.isnumeric() and not c.isascii() else c for c in stem)
    name = _cut(re.sub(r"[^\w.\-]", "_", stem), 100) or "_"
    return name if name[0].isalnum() or name[0] == "_" else _cut("_" + name, 100)


# Cyrillic, Greek and Armenian letters drawn as Latin ones: a name made of these alone reads as a Latin name (red team
# I55's аӏісе read as alice, a row beside alice's; red team I56's Armenian հսցօ as hugo)
_LOOK_ALIKES = frozenset("аеорсухіјӏѕԁһԛԝүɡАВЕКМНОРСТХІЈЅҮԌαοριυνκχτΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"
                         "ագզհոռսցքօւՕՍՏԼ")


def _passes_for_latin(stem: str) -> bool:
    """Whether every letter of stem outside ASCII is drawn as a Latin letter, and there is one."""
    letters = [c for c in stem if c.isalpha() and not c.isascii()]
    return bool(letters) and all(map(_drawn_as_latin, letters))


def _drawn_as_latin(c: str) -> bool:
    """A letter of Cyrillic, Greek or Armenian drawn as a Latin one, any letter of an alphabet made of such shapes, or
    a Latin letter no name is written in (a small capital ᴀ, a script ɡ)."""
    import unicodedata

    name = unicodedata.name(c, "")
    return c in _LOOK_ALIKES or name.startswith(_LATIN_SHAPED) or (
        name.startswith("LATIN") and not _LATIN.fullmatch(name)) or unicodedata.normalize("NFKC", c).isascii()
    # (the last: a fullwidth, mathematical or circled letter, one of Latin's drawn another way)


# alphabets whose letters are Latin capitals' shapes, most of them (red team I56's Lisu ꓮꓡꓲꓚꓰ read as ALICE, and
# Cherokee ᏴᎾᏴ as BOB)
_LATIN_SHAPED = ("LISU LETTER", "CHEROKEE", "COPTIC", "CANADIAN SYLLABICS", "TIFINAGH", "OLD ITALIC")


def _invisible(c: str) -> bool:
    """A letter or mark that shows as nothing, or as part of the letter before it (red team I51: bob with a Hangul
    filler after it read as bob)."""
    import unicodedata

    if c.isascii():
        return False
    name = unicodedata.name(c, "")
    return "FILLER" in name or "BLANK" in name or unicodedata.category(c) in ("Mn", "Me", "Cf") or not name


def _cut(name: str, chars: int, nbytes: int = 200) -> str:
    """name in at most chars characters and nbytes bytes of UTF-8: a report's file name (red team I51: 84 CJK
    letters, 253 bytes, and its report could not be written)."""
    name = name[:chars]
    while len(name.encode("utf-8", "surrogatepass")) > nbytes:
        name = name[:-1]
    return name


_IDEOGRAPHS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")  # written beside Latin letters in real names (李Li)
# é, ø, æ, and the letters of Turkish, Icelandic, German and Sami names (ı, ð, þ, ß, ŋ): Latin letters of names
_LATIN = re.compile(r"LATIN (CAPITAL|SMALL) LETTER (([A-Z]|AE|OE)( WITH .+)?|DOTLESS I|ETH|THORN|SHARP S|ENG)")
# (of the letters named by two, æ and œ alone: red team I51's bꝏk, with LATIN SMALL LETTER OO, read as book)


def file_key(name: str) -> str:
    """What a case-insensitive file system (macOS, Windows) sees of a name: Alice.txt and alice.txt are one file."""
    import unicodedata

    return unicodedata.normalize("NFC", name).casefold()


def unique_name(base: str, taken: set[str]) -> str:
    """base, or base~2, base~3, ... at most 100 characters, whose file_key is not in taken; taken gains it."""
    name, n = base, 1
    while file_key(name) in taken:
        n += 1
        name = f"{_cut(base, 100 - len(str(n)) - 1, 200 - len(str(n)) - 1)}~{n}"
    taken.add(file_key(name))
    return name


def _mixes_alphabets(text: str) -> bool:
    """A name that may pass for another: a compatibility form (ｂｏｂ, 𝚋𝚘𝚋), or ASCII letters beside a letter that is
    not one of Latin's with an accent or stroke (Cyrillic о, Greek, Latin alpha ɑ, a click ǀ: red teams I34 and
    I37). José, Øyvind and 李Li are names of their own."""
    import unicodedata

    if unicodedata.normalize("NFKC", text) != text:
        return True
    if not any(c.isascii() and c.isalpha() for c in text):
        return False
    for c in text:
        if c.isalpha() and not c.isascii():
            name = unicodedata.name(c, "?")
            if not (_LATIN.fullmatch(name) or name.startswith(_IDEOGRAPHS)):
                return True
    return False


@dataclass
class Record:
    student: str
    source: str  # the entry of SUBMISSIONS/ it was read from
    mode: str  # "instructor" or "self-study"
    kind: str  # one of KINDS
    seed: int | None
    seconds: float
    exercises: list[ExerciseResult]
    devices: list[str] = field(default_factory=lambda: ["cpu"])
    notes: list[tuple[str, str]] = field(default_factory=list)  # (English, 中文): why not graded, files left out

    def __post_init__(self):
        # the entry's name is the student's choice: one line, no escapes (red team I25 drew a fake table with it)
        self.source = one_line(self.source, 200)

    @property
    def score(self) -> int:
        return self.results().score

    @property
    def max_score(self) -> int:
        return self.results().max_score

    def results(self) -> GradingResults:
        return GradingResults(self.student, self.seed, self.devices, self.exercises)

    def to_json(self) -> dict:
        return {"student": self.student, "source": self.source, "mode": self.mode, "kind": self.kind,
                "seed": self.seed, "seconds": round(self.seconds, 1), "devices": self.devices,
                "score": self.score, "max_score": self.max_score,
                "notes": [{"en": en, "zh": zh} for en, zh in self.notes],
                "exercises": [{"id": e.id, "status": e.status, "points": e.points, "max_points": e.max_points,
                               "message": e.message, "message_zh": e.message_zh} for e in self.exercises]}

    @classmethod
    def from_json(cls, data: dict, catalog: Catalog) -> Record:
        """A record of gradebook.json (a shard's, for --merge-gradebook). ValueError when it is not one."""
        student = data.get("student")
        if not isinstance(student, str) or not SAFE_NAME.match(student) or data.get("kind") not in KINDS:
            raise ValueError(f"not a student record: {clean(repr(data), 200)}")
        notes = [(clean(n.get("en", "")), clean(n.get("zh", ""))) for n in data.get("notes", [])
                 if isinstance(n, dict)]
        seed = data.get("seed")
        return cls(student, clean(str(data.get("source", student)), 200), clean(str(data.get("mode", "?")), 40),
                   data["kind"], seed if isinstance(seed, int) else None, float(data.get("seconds") or 0.0),
                   exercises_from(data, catalog), [clean(str(d), 40) for d in data.get("devices", ["cpu"])], notes)


def exercises_from(data: dict, catalog: Catalog) -> list[ExerciseResult]:
    """Every catalogue exercise's result from a grade.py --json (or a record): statuses checked, points
    recomputed; an exercise the JSON lacks is an error that says so."""
    given = {e.get("id"): e for e in data.get("exercises", []) if isinstance(e, dict)}
    out = []
    for ex in catalog.exercises:
        e = given.get(ex.id)
        status = e.get("status") if e else None
        if status not in STATUSES:
            out.append(_result(ex, "error", "the grader gave no result for this exercise",
                               "批改程序没有给出这个练习的结果"))
            continue
        out.append(_result(ex, status, str(e.get("message") or ""), str(e.get("message_zh") or "")))
    return out


def unfinished(catalog: Catalog, status: str, en: str, zh: str) -> list[ExerciseResult]:
    """Every exercise at 0 with the same reason (its first line: the record's notes hold the rest)."""
    en, zh = (en.splitlines() or [""])[0], (zh.splitlines() or [""])[0]
    return [_result(ex, status, en, zh) for ex in catalog.exercises]


def _result(ex, status: str, en: str, zh: str) -> ExerciseResult:
    return ExerciseResult(id=ex.id, name=ex.name, file=ex.file, points=ex.points if status == "passed" else 0,
                          max_points=ex.points, status=status, message=en, message_zh=zh)


# ---- writing ----------------------------------------------------------------------------------------

def write(out: Path, records: list[Record], catalog: Catalog, lang: str) -> None:
    """gradebook.csv, gradebook.json, summary.md, reports/<student>.txt and junit/<student>.xml under out."""
    from katas import exports

    records = sorted(records, key=lambda r: r.student)
    for sub in ("reports", "junit"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    (out / "gradebook.csv").write_text(csv_text(records, catalog), encoding="utf-8")
    write_json({"exercises": [{"id": ex.id, "section": ex.section, "points": ex.points} for ex in catalog.exercises],
                "students": [r.to_json() for r in records]}, out / "gradebook.json")
    (out / "summary.md").write_text(summary(records, catalog), encoding="utf-8")
    for r in records:
        (out / "reports" / f"{r.student}.txt").write_text(student_report(r, catalog, lang), encoding="utf-8")
        (out / "junit" / f"{r.student}.xml").write_text(exports.junit([r], catalog), encoding="utf-8")


def _cell(value: object) -> object:
    """A spreadsheet reads a cell that starts with = + - @ as a formula: such text is quoted."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(records: list[Record], catalog: Catalog) -> str:
    """student, the submission it was read from (two entries may clean to one name: red team I21's "li wei" beside
    "li_wei"), one column of points per exercise id, total, max, then how it was graded and why not."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", "submission", *(ex.id for ex in catalog.exercises), "total", "max", "kind", "mode", "note"])
    for r in records:
        points = {e.id: e.points for e in r.exercises}
        note = "; ".join(en for en, _ in r.notes)
        w.writerow([_cell(x) for x in (r.student, r.source, *(points.get(ex.id, 0) for ex in catalog.exercises),
                                       r.score, r.max_score, r.kind, r.mode, note)])
    return buf.getvalue()


def student_report(r: Record, catalog: Catalog, lang: str) -> str:
    """The learner's own table (in lang), then every unfinished exercise's whole message in both languages."""
    head = (f"{r.student} ({r.source}): {r.kind}, {r.mode} mode, {r.seconds:.0f} s"
            if lang != "zh" else f"{r.student}（{r.source}）：{r.kind}，{r.mode} 模式，{r.seconds:.0f} 秒")
    lines = [head]
    lines += [f"  ! {zh if lang == 'zh' else en}" for en, zh in r.notes]
    lines += ["", report.table(r.results(), catalog, lang, r.student, colour=False), ""]
    for e in r.exercises if r.kind == "graded" else []:  # else the notes said why, once
        if e.status == "passed" or (e.status == "not_started" and not e.message):
            continue
        lines.append(f"✗ {e.id} ({e.status})")
        lines += ["    " + s for s in (e.message or e.status).splitlines()]
        if e.message_zh and e.message_zh != e.message:
            lines += ["    " + s for s in e.message_zh.splitlines()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ---- the class's mistakes ---------------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def first_sentence(message: str) -> str:
    """The message's first line, its first sentence: the part that names the mistake."""
    line = message.strip().splitlines()[0] if message.strip() else ""
    return re.split(r"(?<=[.;!?])\s", line, maxsplit=1)[0]


def not_run(e: ExerciseResult) -> bool:
    """An exercise the grading's time limit left out: the runner's timeout, in its words (a learner's failure may say
    the same words: red team I25's hid from "What to teach again" under "Stopped at the time limit")."""
    return e.status == "timeout" and e.message.startswith(NOT_RUN)


def mistake_key(message: str) -> str:
    """What groups two students' messages: the first sentence with its numbers blanked (inputs vary)."""
    return _NUMBER.sub("#", first_sentence(message)).strip()


@dataclass
class Mistake:
    exercise: str
    status: str
    key: str
    en: str  # one student's first sentence, as an example
    zh: str
    students: list[str] = field(default_factory=list)


def mistakes(records: list[Record], not_gradable: bool = False) -> list[Mistake]:
    """Failing messages of graded submissions grouped by exercise and first sentence, most students first: the
    learners' mistakes, or (not_gradable) what instructor mode could not grade (its limit, or a submission's doing
    that the driver refused to carry: read by hand)."""
    groups: dict[tuple[str, str, str], Mistake] = {}
    for r in records:
        if r.kind != "graded":
            continue
        for e in r.exercises:
            if e.status in ("passed", "not_started") or (e.status == "not_gradable") != not_gradable or \
                    not_run(e):  # no mistake: the submission's time ran out (see summary)
                continue
            # both languages: a student's words in one of them never stand for another's (red team I25 raised the
            # grader's English sentence for a classmate's mistake with a Chinese line of its own)
            key = (e.id, e.status, mistake_key(e.message), mistake_key(e.message_zh))
            m = groups.setdefault(key, Mistake(e.id, e.status, key[2], first_sentence(e.message),
                                               first_sentence(e.message_zh)))
            m.students.append(r.student)
    return sorted(groups.values(), key=lambda m: (-len(m.students), m.exercise, m.key))


def summary(records: list[Record], catalog: Catalog) -> str:
    """summary.md: scores, what to teach again (shared mistakes), what was not started, what was not graded."""
    graded = [r for r in records if r.kind == "graded"]
    total = max((r.max_score for r in records), default=0)
    modes = sorted({r.mode for r in records})
    out = ["# Class summary · 全班小结", "",
           f"{len(records)} submissions, {len(graded)} graded; mode: {', '.join(modes) or '-'}; "
           f"max score {total}."]
    if graded:
        scores = sorted(r.score for r in graded)
        out.append(f"Scores: median {scores[len(scores) // 2]}, lowest {scores[0]}, highest {scores[-1]}.")
    out += ["", "## What to teach again · 需要再讲的内容", "",
            "Failing exercises grouped by the mistake their message names (numbers blanked), most students first.", ""]
    found = mistakes(records)
    if not found:
        out.append("No failing exercise among the graded submissions. 已批改的提交中没有未通过的练习。")
    for m in found:
        out.append(f"- **{m.exercise}** ({m.status}), {len(m.students)} of {len(graded)}: {_md(m.en)}")
        if m.zh and m.zh != m.en:
            out.append(f"  {_md(m.zh)}")
        out.append(f"  students: {_names(m.students)}")
    cannot = mistakes(records, not_gradable=True)
    limits, own = [m for m in cannot if not _own_doing(m)], [m for m in cannot if _own_doing(m)]
    if limits:
        out += ["", "## Not gradable in instructor mode · 教师模式下无法批改", "",
                "These tests need what instructor mode does not carry yet (README: Instructor mode); they score 0 "
                "here. Read these submissions by hand (self-study lets learner code forge its own pass). "
                "这些测试需要教师模式尚不支持的机制，此处计 0 分。请人工查看这些提交"
                "（自学模式下学习者代码可以伪造自己的通过）。", ""]
        out += [f"- **{m.exercise}**, {len(m.students)} of {len(graded)}: "
                f"{_md(m.en.removeprefix(NOT_GRADABLE))}" for m in limits]
    if own:
        out += ["", "## Not gradable by the submission's own doing · 因提交的代码而无法批改", "",
                "These students' code did what the driver does not carry (returned a net of a class of its own, "
                "looked inside a test's object, ...), as d2l's own code does in about 40 exercises (README: "
                "Instructor mode), so this is no fault of theirs; they score 0 here, and a wrong answer can hide here "
                "as well as a right one: read them by hand. "
                "这些学生的代码做了驱动进程不支持的事（返回自己类的网络、查看测试对象的内部……），d2l 自己的代码"
                "在约 40 个练习中也是如此（README：教师模式），这并非学生的过错；此处计 0 分，"
                "错误答案和正确答案都可能落在这里：请人工查看。", ""]
        for m in own:
            out.append(f"- **{m.exercise}**, {len(m.students)} of {len(graded)}: "
                       f"{_md(m.en.removeprefix(NOT_GRADABLE))}")
            out.append(f"  students: {_names(m.students)}")
    stopped = [(r.student, sum(map(not_run, r.exercises))) for r in graded]
    if any(n for _, n in stopped):
        out += ["", "## Stopped at the time limit · 达到时间上限", "",
                "These submissions' gradings passed their limit (code that hangs or runs long in many exercises): the "
                "exercises below were not run, and score 0 as timeout; every verdict reached before stands. Grade them "
                "again with a larger --timeout to run the rest. "
                "这些提交的批改超过了时间上限（很多练习卡住或运行过久）：下列数目的练习没有运行，按超时计 0 分，"
                "之前得出的判定保留。用更大的 --timeout 重新批改即可运行其余练习。", ""]
        out += [f"- {_names([student])}: {n} exercises not run" for student, n in stopped if n]
    out += ["", "## Not started · 尚未开始", ""]
    waiting = [(ex.id, [r.student for r in graded if _status(r, ex.id) == "not_started"]) for ex in catalog.exercises]
    waiting = [(i, s) for i, s in waiting if s]
    out += [f"- {i}: {len(s)} of {len(graded)}" for i, s in sorted(waiting, key=lambda w: -len(w[1]))] or ["- none"]
    rest = [r for r in records if r.kind != "graded"]
    out += ["", "## Not graded · 未能批改", ""]
    out += [f"- {_names([r.student])} ({r.kind}): {_md('; '.join(en.splitlines()[0] for en, _ in r.notes))}"
            for r in rest] \
        or ["- none"]
    return "\n".join(out) + "\n"


def _own_doing(m: Mistake) -> bool:
    """Not gradable because of what the submission's code did (the driver's reasons that begin "your code": red team
    I13 returned a net of its own class where a list was due), not because of what the test needs."""
    return own_doing(m.status, m.en)


def _names(students: list[str]) -> str:
    """Students' names as markdown shows them as they are (red team I49: `__alice__` showed as a bold alice)."""
    return ", ".join(map(_md, students[:20])) + (f" (+{len(students) - 20})" if len(students) > 20 else "")


def _status(r: Record, ex_id: str) -> str | None:
    return next((e.status for e in r.exercises if e.id == ex_id), None)


def _md(text: str) -> str:
    """A learner's text in markdown, inert: no HTML, entity, link or emphasis (each of \\ * _ ~ [ ] < > & escaped, the
    backslash too: red team I50's `\\[text](url)` and `&#8238;` were live), an address a viewer would link put in a
    code span (red team I31's www. and https:// ones were live on GitHub); backquotes kept in pairs, their code as it
    is."""
    text = clean(text, 400).replace("\n", " ")
    # a code span ends at the next run of as many backquotes as began it: runs of one alone pair in order (red team
    # I56's ```<b>x</b>` was HTML between a run of three and one of one, which were counted as a pair here)
    text = re.sub(r"``+", lambda m: "'" * len(m[0]), text)
    if text.count("`") % 2:  # one left open would run on into the names after it (red team I48)
        text = text.replace("`", "'")
    parts = text.split("`")
    return "`".join(part if n % 2 else _inert(part) for n, part in enumerate(parts))


def _inert(text: str) -> str:
    """text outside code spans: its markup escaped, its addresses in code spans of their own."""
    out, last = [], 0
    for m in _ADDRESS.finditer(text):
        out += [_MARKUP.sub(r"\\\1", text[last:m.start()]), "`" + m[0] + "`"]
        last = m.end()
    return "".join(out) + _MARKUP.sub(r"\\\1", text[last:])


_MARKUP = re.compile(r"([\\*_~\[\]<>&])")


# what GitHub's markdown links by itself: web addresses and mail addresses
_ADDRESS = re.compile(r"(?i)(?:(?:https?|ftp)://|www\.|(?:mailto|xmpp):)[^\s`]*|[^\s`@]+@[^\s`]+\.[^\s`]+")
