"""A class graded on one machine, or fanned out: python grade.py --class SUBMISSIONS/ and its siblings.

    --class DIR [--out DIR] [--jobs N] [--timeout S] [--shard I/N] [--instructor]
    --merge-gradebook DIR [DIR ...] [--out DIR]
    --gradescope-zip OUT.zip
    --gradescope-run SUBMISSION [--results FILE] [--instructor]

Each submission (a workbook folder or a .zip of one; its name is the student's) gives only its exercise
files (katas/intake.py). They are copied into a fresh folder of their own and graded there by the
instructor's own grade.py as a subprocess (`grade.py --target DIR --json FILE [--instructor]`, DESIGN.md's
contract), with its own state folder, a time limit and its whole process group ended after it. Several
run at once; a submission that is refused, hangs or crashes its grader costs only its own row.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from katas import gradebook, intake, sandbox
from katas.catalog import ROOT, Catalog
from katas.catalog import load as load_catalog
from katas.gradebook import Record, entry_stem, exercises_from, student_name, unfinished, unique_name
from katas.i18n import lang_from_env
from katas.records import clean, frame

TIMEOUT = 900.0  # seconds for one submission: the whole workbook grades in about 35 s on 2 idle cores
GRADER = Path(__file__).resolve().parent.parent / "grade.py"  # the instructor's own, whatever KATAS_ROOT says
STOP_GRACE = 15.0  # seconds a timed-out grade.py has to end its test processes after SIGTERM
_RUNNING: set[subprocess.Popen] = set()  # the graders now running (each in its own session)
_LOCK = threading.Lock()
_STOP = threading.Event()  # set on Ctrl-C or SIGTERM: nothing more starts, what runs is ended
_SLOTS: set[int] = set()  # the uid ranges of the gradings running now (under root), by their number


def _uid_range(slot: int) -> dict:
    """Under root, each grading running at once draws its children's and workers' uids from a range of its own
    (red team I6: two gradings' workers could draw the same uid and share its process cap)."""
    return {"KATAS_SANDBOX_UID": str(sandbox.UID_BASE + 4 * slot * sandbox.UID_SPAN)}


def parser() -> argparse.ArgumentParser:
    """The class commands' own options (katas/cli.py hands over argv naming one of its CLASS_COMMANDS)."""
    p = argparse.ArgumentParser(prog="grade.py", description="Grade a class: a folder of submissions, in parallel.")
    cmd = p.add_mutually_exclusive_group(required=True)
    cmd.add_argument("--class", dest="klass", metavar="SUBMISSIONS",
                     help="grade every workbook folder or .zip in SUBMISSIONS (the entry's name is the student's)")
    cmd.add_argument("--merge-gradebook", nargs="+", metavar="DIR",
                     help="merge the gradebook.json of --class runs (one per shard or per submission) into one")
    cmd.add_argument("--gradescope-zip", metavar="OUT.zip", help="build Gradescope's autograder zip")
    cmd.add_argument("--gradescope-run", metavar="SUBMISSION",
                     help="grade one submission and write Gradescope's results.json (run_autograder calls this)")
    p.add_argument("--out", default="class-grades", help="where gradebook.csv/.json, summary.md, reports/ and "
                   "junit/ are written (default: class-grades)")
    p.add_argument("--results", default="/autograder/results/results.json", help="--gradescope-run's results.json")
    p.add_argument("--jobs", type=int, help="submissions graded at once (default: one per 2 cores, at least 1)")
    p.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds per submission (default {TIMEOUT:.0f})")
    p.add_argument("--shard", metavar="I/N", help="grade only the submissions k with k %% N == I (fan-out: one job "
                   "per shard, e.g. a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, then --merge-gradebook)")
    p.add_argument("--instructor", action="store_true", help="verdicts computed outside learner code, when this "
                   "grader has instructor mode (else self-study mode, said in every report)")
    p.add_argument("--seed", type=int, help="one seed for the whole class (default: drawn once)")
    p.add_argument("--lang", choices=("en", "zh"), default=lang_from_env(), help="the reports' table language")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    catalog = load_catalog()
    for flag, path in (("--out", args.out), ("--gradescope-zip", args.gradescope_zip), ("--results", args.results)):
        if path and _inside_workbook(Path(path)):
            print(f"{flag} {path}: inside the workbook's own folders; give a path outside them", file=sys.stderr)
            return 2
    if args.gradescope_zip:
        from katas.exports import gradescope_zip

        names = gradescope_zip(Path(args.gradescope_zip))
        print(f"{args.gradescope_zip}: {len(names)} files (setup.sh, run_autograder, workbook/). "
              "Upload it as the assignment's autograder (README: Gradescope).")
        return 0
    out = Path(args.out)
    if args.merge_gradebook:
        records = merge([Path(d) for d in args.merge_gradebook], catalog)
        out.mkdir(parents=True, exist_ok=True)
        gradebook.write(out, records, catalog, args.lang)
        print(f"{len(records)} students merged: {out}/gradebook.csv, gradebook.json, summary.md, reports/, junit/")
        return 0
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10_000)
    mode = _mode(args.instructor)
    if args.gradescope_run:
        return gradescope_run(Path(args.gradescope_run), Path(args.results), catalog, seed, mode, args)
    records = grade_class(Path(args.klass), catalog, seed, mode, args)
    if records is None:
        return 130 if _STOP.is_set() else 2
    out.mkdir(parents=True, exist_ok=True)
    gradebook.write(out, records, catalog, args.lang)
    graded = sum(r.kind == "graded" for r in records)
    print(f"\n{len(records)} submissions, {graded} graded ({mode} mode, seed {seed}): "
          f"{out}/gradebook.csv, gradebook.json, summary.md, reports/, junit/")
    return 0  # every submission has its row, graded or not and why: a fan-out job has nothing to retry


def _inside_workbook(path: Path) -> bool:
    """Where nothing of a class is written: the workbook's exercises/, solutions/, tests/, katas/, selftest/."""
    real = path.resolve()
    tops = [(root / name).resolve() for root in {ROOT, GRADER.parent}
            for name in ("exercises", "solutions", "tests", "katas", "selftest", ".git")]
    return any(real == top or top in real.parents for top in tops)


# ---- instructor mode, when this grader has it -------------------------------------------------------

def instructor_available() -> bool:
    """Whether grade.py has --instructor (another part of the grader builds it; until then: self-study)."""
    from katas.cli import parser as grade_parser

    return any("--instructor" in a.option_strings for a in grade_parser()._actions)


def _mode(asked: bool) -> str:
    if not asked:
        return "self-study"
    if instructor_available():
        return "instructor"
    print("note: this grader has no instructor mode yet: graded in self-study mode, where learner code can forge "
          "its own exercise's verdict (every report says which mode graded it)", file=sys.stderr)
    return "self-study"


# ---- a class on one machine -------------------------------------------------------------------------

def entries(folder: Path, shard: str | None = None) -> list[Path]:
    """The submissions of folder, by name (hidden entries skipped), this shard's only when one is given."""
    found = sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    if shard:
        i, n = (int(x) for x in shard.split("/"))
        if not 0 <= i < n:
            raise ValueError("I out of range")
        found = found[i::n]
    return found


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # a container's cpuset, where there is one
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs() -> int:
    """Submissions at once: one per 2 cores. Each grade.py forks a test child per core it is given."""
    return max(1, _cores() // 2)


def _inner_jobs(jobs: int, submissions: int) -> int:
    """KATAS_JOBS of each grade.py: the cores shared out (at most 8, as testserver.parallelism's own default), or
    $KATAS_JOBS as given (a pod's CPU limit is no cpuset: os.cpu_count() there is the node's)."""
    if os.environ.get("KATAS_JOBS", "").isdigit():
        return max(1, int(os.environ["KATAS_JOBS"]))
    return max(1, min(8, _cores() // min(jobs, max(1, submissions))))


def grade_class(folder: Path, catalog: Catalog, seed: int, mode: str, args) -> list[Record] | None:
    if not folder.is_dir():
        print(f"--class {folder}: no such folder", file=sys.stderr)
        return None
    try:
        todo = entries(folder, args.shard)
    except ValueError as e:
        print(f"--shard {args.shard}: give I/N, two whole numbers with 0 <= I < N ({e})", file=sys.stderr)
        return None
    jobs = max(1, args.jobs or default_jobs())
    inner = _inner_jobs(jobs, len(todo))
    names = _names(entries(folder))  # given over the whole class: each shard names its students as one run would
    print(f"grading {len(todo)} submissions, {jobs} at once ({mode} mode, seed {seed})")
    _stop_on_sigterm()
    records = []
    with tempfile.TemporaryDirectory(prefix="katas-class-") as work, ThreadPoolExecutor(jobs) as pool:
        futures = [pool.submit(grade_entry, path, names[path], Path(work), catalog, seed, mode, args.timeout, inner)
                   for path in todo]
        try:
            for f in futures:
                r = f.result()
                print(f"  {r.student:<24} {r.score:>4}/{r.max_score}  {r.kind:<8} {r.seconds:5.1f} s")
                records.append(r)
        except KeyboardInterrupt:  # Ctrl-C or a kill: no grader may outlive the class (each has its own session)
            _STOP.set()
            with _LOCK:
                for proc in _RUNNING:
                    _signal_group(proc, signal.SIGTERM)
            print("interrupted: no gradebook written, and no grading is left running", file=sys.stderr)
    return None if _STOP.is_set() else records


def _stop_on_sigterm() -> None:
    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, stop)
    except (ValueError, OSError):  # not the main thread
        pass


def _names(paths: list[Path]) -> dict[Path, str]:
    """Each entry's student name, unique and at most 100 characters (alice/ and alice.zip become alice and alice~2;
    red team I15: two shards each named one of "li wei" and "li_wei" li_wei, and a name of 100 characters with ~2
    after it was refused when the shards were merged). An entry named as it is (li_wei) keeps its name before one
    that had to be cleaned to it ("li wei" is li_wei~2: red team I21's sorted first and took li_wei's name). Names
    that differ only in case are two names (Alice and alice~2): on macOS or Windows their reports are one file."""
    out: dict[Path, str] = {}
    taken: set[str] = set()
    for p in sorted(paths, key=lambda p: student_name(p.name) != entry_stem(p.name)):  # stable: in order within each
        out[p] = unique_name(student_name(p.name), taken)
    return {p: out[p] for p in paths}


def grade_entry(path: Path, student: str, work: Path, catalog: Catalog, seed: int, mode: str,
                timeout: float, inner_jobs: int) -> Record:
    """One submission, start to end; whatever it holds, a Record comes back: an error reading or writing it (a zip
    member whose bytes do not inflate, a file its owner may not read: red team I51's crashed the whole class, no
    gradebook written) refuses that submission alone."""
    began = time.monotonic()
    try:
        return _grade_entry(path, student, work, catalog, seed, mode, timeout, inner_jobs, began)
    except Exception as e:  # noqa: BLE001 - zlib.error, LZMAError, PermissionError, ...: its own cost
        why = clean(f"{type(e).__name__}: {e}", 300)
        en, zh = f"submission could not be read ({why})", f"无法读取该提交（{why}）"
        return Record(student, path.name, mode, "refused", seed, time.monotonic() - began,
                      unfinished(catalog, "error", f"submission refused: {en}", f"提交被拒收：{zh}"), notes=[(en, zh)])


def _grade_entry(path: Path, student: str, work: Path, catalog: Catalog, seed: int, mode: str,
                 timeout: float, inner_jobs: int, began: float) -> Record:
    if _STOP.is_set():
        return Record(student, path.name, mode, "crashed", seed, 0.0, unfinished(catalog, "crashed", "interrupted",
                                                                                  "已中断"))
    files = sorted({ex.file for ex in catalog.exercises})
    try:
        got = intake.read(path, files)
    except intake.Refused as e:
        return Record(student, path.name, mode, "refused", seed, time.monotonic() - began,
                      unfinished(catalog, "error", f"submission refused: {e.en}", f"提交被拒收：{e.zh}"),
                      notes=[(e.en, e.zh)])
    folder = Path(tempfile.mkdtemp(prefix="s-", dir=work))
    try:
        target = folder / "exercises"
        target.mkdir()
        for name, data in got.files.items():
            (target / name).write_bytes(data)
        r = run_grader(target, folder, student, path.name, catalog, seed, mode, timeout, inner_jobs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    r.notes[:0] = got.notes
    if r.kind == "graded":  # the grader saw a file missing; the class sees which of the submission's
        for e in r.exercises:
            if e.file not in got.files:
                e.status, e.points = "error", 0
                e.message, e.message_zh = f"{e.file} is not in the submission", f"提交里没有 {e.file}"
    r.seconds = time.monotonic() - began
    return r


def run_grader(target: Path, folder: Path, student: str, source: str, catalog: Catalog, seed: int, mode: str,
               timeout: float, inner_jobs: int, command: list[str] | None = None) -> Record:
    """grade.py --target target --json folder/result.json in its own session; ended whole past timeout."""
    result = folder / "result.json"
    cmd = command or [sys.executable, str(GRADER), "--target", str(target), "--json", str(result),
                      "--seed", str(seed), *(["--instructor"] if mode == "instructor" else [])]
    env = {**os.environ, "KATAS_ROOT": str(ROOT), "KATAS_STATE": str(folder / "state"),
           "KATAS_JOBS": str(inner_jobs), "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8",
           "KATAS_RUN_LIMIT": f"{run_limit(timeout):.0f}"}
    log = folder / "grader.log"
    began = time.monotonic()
    with open(log, "wb") as out:
        with _LOCK:
            if _STOP.is_set():
                return Record(student, source, mode, "crashed", seed, 0.0,
                              unfinished(catalog, "crashed", "interrupted", "已中断"))
            slot = min(set(range(len(_SLOTS) + 1)) - _SLOTS)
            _SLOTS.add(slot)
            proc = subprocess.Popen(cmd, cwd=folder, env={**env, **_uid_range(slot)}, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            _RUNNING.add(proc)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end(proc)
            en = f"grading took more than {timeout:.0f} s and was stopped"
            zh = f"批改超过 {timeout:.0f} 秒，已停止"
            return Record(student, source, mode, "timeout", seed, time.monotonic() - began,
                          unfinished(catalog, "timeout", en, zh), notes=[(en, zh)])
        finally:
            _end(proc)  # whatever grade.py left in its session goes with it
            with _LOCK:
                _RUNNING.discard(proc)
                _SLOTS.discard(slot)
    said = log.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(result.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as e:
        en = f"the grader stopped without results (exit code {code}, {type(e).__name__}); its last lines:\n" + frame(
            said, 12)
        zh = f"批改程序没有给出结果就停止了（退出码 {code}）；最后的输出见英文说明"
        return Record(student, source, mode, "crashed", seed, time.monotonic() - began,
                      unfinished(catalog, "crashed", en, zh), notes=[(en, zh)])
    notes = [(clean(line, 300), clean(line, 300)) for line in said.splitlines()
             if line.startswith("note: learner code is graded here without")]
    devices = [clean(str(d), 40) for d in data.get("devices", ["cpu"])] if isinstance(data.get("devices"), list) \
        else ["cpu"]
    exercises = exercises_from(data, catalog)
    for e in exercises:  # the temporary folder's path means nothing to the class: it is the exercises/ they sent
        e.message, e.message_zh = (m.replace(str(target), "exercises") for m in (e.message, e.message_zh))
    return Record(student, source, mode, "graded", seed, time.monotonic() - began, exercises, devices, notes)


def run_limit(timeout: float) -> float:
    """The bound a submission's grade.py keeps itself to, inside the class's timeout: past it, the exercises not yet
    graded are reported as out of time and every verdict reached stands (red team I18 hung 57 files' exercises in one
    submission, and the class's timeout, reached first, wiped the same student's correct ones). The margin covers
    the grader's start, its last children's kill and its report."""
    limit = timeout - min(60.0, timeout / 3)
    own = os.environ.get("KATAS_RUN_LIMIT")
    with contextlib.suppress(ValueError):
        limit = min(limit, float(own)) if own else limit
    return max(limit, 1.0)


def _end(proc: subprocess.Popen) -> None:
    """SIGTERM to the grader's process group (grade.py ends its test processes as on Ctrl-C), then SIGKILL."""
    if proc.poll() is None:
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            pass
    _signal_group(proc, getattr(signal, "SIGKILL", signal.SIGTERM))
    proc.wait()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, sig)
        elif proc.poll() is None:  # Windows: no process groups; the grader itself, which ends its children
            proc.terminate()
    except (ProcessLookupError, PermissionError):
        pass


# ---- beyond one machine -----------------------------------------------------------------------------

def merge(folders: list[Path], catalog: Catalog) -> list[Record]:
    """The records of every gradebook.json in folders (or one level below them), one per student."""
    found = []
    for folder in folders:
        books = [folder / "gradebook.json"] if (folder / "gradebook.json").is_file() else sorted(
            folder.glob("*/gradebook.json"))
        if not books:
            print(f"--merge-gradebook: no gradebook.json in {folder}", file=sys.stderr)
        found += books
    records: dict[str, Record] = {}
    taken: set[str] = set()
    for book in found:
        data = json.loads(book.read_text(encoding="utf-8"))
        for raw in data.get("students", []):
            r = Record.from_json(raw, catalog)
            if r.student in records:
                print(f"--merge-gradebook: {r.student} is in two shards; the one of {book} is kept", file=sys.stderr)
            elif (name := unique_name(r.student, taken)) != r.student:  # Alice and alice: one report file where case
                print(f"--merge-gradebook: {r.student} of {book} is named {name}: another student's name differs "
                      "from it only in case", file=sys.stderr)  # is not told apart
                r.student = name
            records[r.student] = r
    return list(records.values())


def gradescope_run(submission: Path, results: Path, catalog: Catalog, seed: int, mode: str, args) -> int:
    """Gradescope's run_autograder: grade /autograder/submission, write results.json whatever happens."""
    from katas.exports import gradescope
    from katas.results import write_json

    with tempfile.TemporaryDirectory(prefix="katas-gradescope-") as work:
        r = grade_entry(submission, "submission", Path(work), catalog, seed, mode, args.timeout, _inner_jobs(1, 1))
    results.parent.mkdir(parents=True, exist_ok=True)
    write_json(gradescope(r, catalog), results)
    print(gradebook.student_report(r, catalog, args.lang))  # Gradescope shows stdout to the instructor only
    return 0
