"""Prove that no training verdict depends on luck: run training tests over many seeds.

python benchmarks/seed_sweep.py [NODE_ID ...] [-k EXPR] [--exercise ID] [--target DIR | --mutant ID/NAME]
                                [--seeds 0:1000] [--workers 2] [--chunk 25] [--out FILE.jsonl] [--report FILE.txt]

Each seed N runs the selected tests as `pytest --seed N` with KATAS_TRAIN_SEED=N, so it covers both the
randomised inputs and the whole distribution of training randomness (init, subsets, shuffling): a valid
loop that draws its random numbers in another order sees another training seed, and is covered too.
With no selection, every graded test that judges a bar (katas.testkit.clears) is found by one run
of the solutions and swept. Each test's (metric, bar) comes from testkit.MEASURED, never from its message.

Seeds run in chunks, each chunk one pytest session (startup and `import torch` paid once per chunk),
--workers chunks at a time, with grade.py's OpenMP threads (half a worker's cores: 1 on 2 cores; two
threads made chapter 8's bar test cost 4.8 CPU-s a seed instead of 0.4 on a busy machine).
Results are appended to --out (by default .katas/seed_sweep/<target>-<selection>.jsonl), one JSON
line per test and seed, so an interrupted sweep resumes where it stopped, and a longer --seeds range
adds only the seeds not yet run.
The report gives, per test: seeds run, failures (with their seeds, to replay with
`KATAS_TRAIN_SEED=N pytest --seed N NODE_ID`), the margin over the bar (min, 1st percentile, median;
positive is a pass) and the test's CPU time per seed.

The same file is the pytest plugin that each chunk loads (-p seed_sweep, with --sweep-seeds A:B).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


# --- the pytest plugin: one session repeats the selected tests over a range of seeds -----------


def pytest_addoption(parser):
    g = parser.getgroup("seed sweep")
    g.addoption("--sweep-seeds", default=None, help="A:B: run every selected test once per seed in range(A, B)")
    g.addoption("--sweep-out", default=None, help="append one JSON line per test and seed here")


def _seeds(text: str) -> list[int]:
    """'0:1000' is range(0, 1000); '7,12:14' is [7, 12, 13]."""
    seeds = []
    for part in text.split(","):
        a, _, b = part.partition(":")
        seeds += range(int(a), int(b)) if b else [int(a)]
    return seeds


def _write(config, record: dict) -> None:
    with open(config.getoption("--sweep-out"), "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def pytest_runtestloop(session):
    config = session.config
    if not config.getoption("--sweep-seeds") or session.config.option.collectonly:
        return None
    runs = [(s, item) for s in _seeds(config.getoption("--sweep-seeds")) for item in session.items]
    for i, (s, item) in enumerate(runs):
        config.option.seed = s  # what the seed fixture reads: exactly `pytest --seed s`
        os.environ["KATAS_TRAIN_SEED"] = str(s)
        nextitem = runs[i + 1][1] if i + 1 < len(runs) else None
        if nextitem is item:  # the same test again: tear down its own fixtures, keep the module's and session's
            nextitem = item.parent
        item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        if i + 1 == len(runs) or runs[i + 1][0] != s:
            _write(config, {"seed_done": s})
    return True


def pytest_collection_modifyitems(config, items):
    if config.getoption("--sweep-seeds"):
        for item in items:  # a wall-clock limit measures a busy machine, not the verdict (CPU time is recorded)
            item.add_marker(pytest.mark.timeout(900), append=False)


def pytest_runtest_setup(item):
    item.user_properties.clear()  # the same item runs once per seed


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    from katas import testkit

    testkit.MEASURED.clear()
    start = time.process_time()  # CPU time: a busy machine stretches the wall clock, not this
    yield
    item.user_properties += [("cpu", time.process_time() - start), ("measured", list(testkit.MEASURED))]


def pytest_runtest_logreport(report):
    config = _CONFIG.get("config")
    if config is None or not config.getoption("--sweep-out"):
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        props = dict(report.user_properties)
        _write(config, {"test": report.nodeid, "seed": config.option.seed, "outcome": report.outcome,
                        "seconds": round(report.duration, 4), "cpu": round(props.get("cpu", 0.0), 4),
                        "measured": props.get("measured", []), "message": _message(report) if report.failed else ""})


def _message(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return " ".join(text.split())[:300]


_CONFIG: dict = {}


def pytest_configure(config):
    _CONFIG["config"] = config


# --- the driver --------------------------------------------------------------------------------


def _pytest(selection: list[str], target: str, seeds: str, out: Path, threads: int = 1) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pytest", "-p", "seed_sweep", "-p", "no:cacheprovider", "--target", target,
           "--sweep-seeds", seeds, "--sweep-out", str(out.resolve()), "-q", "--no-header", "-rN", *selection]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
           "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS") or str(threads)}  # as grade.py: half a worker's cores
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)


def _records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def discover(target: str, selection: list[str]) -> list[str]:
    """The node ids of the graded tests that judge a bar (call testkit.clears), from one run at seed 0
    (on the solutions, where every test gets as far as its bar)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "discover.jsonl"
        _pytest(["tests", *selection], target, "0:1", out)
        found = [r["test"] for r in _records(out) if "test" in r and r["measured"]]
    return sorted(set(found))


def margin(measured: list) -> float | None:
    """The smallest margin over this run's bars: metric - bar, or bar - metric for a bar to stay below."""
    if not measured:
        return None
    return min((bar - metric) if below else (metric - bar) for metric, bar, below in measured)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))]


def report(path: Path, header: str) -> str:
    """Per test: seeds run, failures, the margin's min / 1st percentile / median, the metric of the run
    with the smallest margin and the median metric, the bar, and the median CPU time of one run."""
    by_test: dict[str, list[dict]] = {}
    for r in _records(path):
        if "test" in r:
            by_test.setdefault(r["test"], []).append(r)
    width = max([len(t) for t in by_test] + [4])
    lines = [header, "", f"{'test':<{width}} {'seeds':>5} {'fails':>5} {'margin: min':>11} {'p1':>7} {'median':>7}  "
             f"{'worst metric':>12} {'median':>7} {'bar':>6} {'cpu s':>6}"]
    failures = []
    for test, rs in sorted(by_test.items()):
        failed = [r for r in rs if r["outcome"] != "passed"]
        judged = sorted((margin(r["measured"]), r["measured"][0][0]) for r in rs if r["measured"])
        bars = sorted({r["measured"][0][1] for r in rs if r["measured"]})
        if judged:
            margins = [m for m, _ in judged]
            stats = (f"{margins[0]:>11.4f} {percentile(margins, 0.01):>7.4f} {statistics.median(margins):>7.4f}  "
                     f"{judged[0][1]:>12.4f} {statistics.median(v for _, v in judged):>7.4f} "
                     f"{'/'.join(f'{b:g}' for b in bars):>6}")
        else:
            stats = f"{'(no bar: judged against the reference)':>56}"
        cpu = statistics.median(r.get("cpu", r["seconds"]) for r in rs)
        lines.append(f"{test:<{width}} {len({r['seed'] for r in rs}):>5} {len(failed):>5} {stats} {cpu:>6.3f}")
        failures += [f"  seed {r['seed']}: {test}: {r['message']}" for r in failed]
    total = sum(statistics.median(r.get("cpu", r["seconds"]) for r in rs) for rs in by_test.values())
    lines += ["", f"{len(by_test)} tests together: {total:.2f} s per seed (the sum of their median CPU times, "
              "one thread each)"]
    if failures:
        lines += ["", "failures (replay: KATAS_TRAIN_SEED=N python -m pytest --seed N --target DIR NODE_ID):",
                  *failures[:40], *([f"  ... and {len(failures) - 40} more"] if len(failures) > 40 else [])]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("nodes", nargs="*", help="pytest node ids or files (default: every test that judges a bar)")
    ap.add_argument("-k", dest="keyword", help="pytest -k expression")
    ap.add_argument("--exercise", action="append", default=[], help="only these exercises' tests")
    ap.add_argument("--target", default="solutions", help="folder to grade (default: solutions)")
    ap.add_argument("--mutant", help="grade solutions/ patched with selftest/mutants/ID/NAME.py instead")
    ap.add_argument("--seeds", default="0:1000", help="A:B for range(A, B), or a list: 7,12:14 (default 0:1000)")
    ap.add_argument("--workers", type=int, default=2, help="pytest sessions at a time (default 2)")
    ap.add_argument("--chunk", type=int, default=25, help="seeds per pytest session (default 25)")
    ap.add_argument("--out", type=Path, default=None, help="results, one JSON line each; resumed if present")
    ap.add_argument("--report", type=Path, default=None, help="also write the report here")
    args = ap.parse_args(argv)

    target = args.target
    tmp = tempfile.TemporaryDirectory()
    if args.mutant:
        sys.path[:0] = [str(ROOT / "selftest"), str(ROOT)]  # run as a script: benchmarks/ is sys.path's first
        from grading import patched_target

        from katas import catalog

        mutant = ROOT / "selftest" / "mutants" / f"{args.mutant}.py"
        exercise = catalog.load().get(mutant.parent.name)
        target = str(patched_target(Path(tmp.name), {exercise.file: [mutant]}))
        args.exercise = args.exercise or [exercise.id]
    narrowing = [*(["-k", args.keyword] if args.keyword else []), *(f"--exercise={e}" for e in args.exercise)]
    selection = [*args.nodes, *narrowing] if args.nodes else discover("solutions", narrowing)
    if not args.nodes:
        if not selection:
            print("no test that judges a bar was selected", file=sys.stderr)
            return 2
    run_name = f"{(args.mutant or Path(target).name).replace('/', '_')}-{zlib.crc32(' '.join(selection).encode()):08x}"
    out = args.out or ROOT / ".katas" / "seed_sweep" / f"{run_name}.jsonl"  # one file per target and selection
    out.parent.mkdir(parents=True, exist_ok=True)
    seeds = _seeds(args.seeds)
    done = {r["seed_done"] for r in _records(out) if "seed_done" in r}
    pending = [s for s in seeds if s not in done]
    chunks, run = [], []
    for s in pending:  # contiguous runs of pending seeds, at most --chunk long
        if run and (s != run[-1] + 1 or len(run) == args.chunk):
            chunks.append(run)
            run = []
        run.append(s)
    if run:
        chunks.append(run)
    print(f"{len(selection)} tests x {len(pending)} seeds ({len(seeds) - len(pending)} already in {out}), "
          f"{len(chunks)} chunks on {args.workers} workers", file=sys.stderr)
    start = time.monotonic()

    def work(chunk):
        proc = _pytest(selection, target, f"{chunk[0]}:{chunk[-1] + 1}", out,
                       threads=max(1, (os.cpu_count() or 1) // (2 * args.workers)))  # katas.testserver.child_env's rule
        print(f"  seeds {chunk[0]}-{chunk[-1]} done ({time.monotonic() - start:.0f} s, pytest exit {proc.returncode})",
              file=sys.stderr, flush=True)

    with ThreadPoolExecutor(args.workers) as pool:
        list(pool.map(work, chunks))
    header = (f"seed sweep: target {args.mutant or args.target}, seeds {args.seeds} (--seed N and KATAS_TRAIN_SEED=N "
              f"together), {len(selection)} tests; margin = metric - bar (bar - metric for an error to stay below)")
    text = report(out, header)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
