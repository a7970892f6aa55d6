"""How long grading takes: the whole workbook on solutions/, one exercise, against `import torch`.

python benchmarks/bench_grade.py [--runs 3] [--exercise squared_loss] [--busy 0]

Each command runs in a fresh interpreter, as a learner types it; the median of --runs is
reported. --busy N keeps N CPU-bound processes running beside it (a busy laptop).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _spin():
    while True:
        pass


def timed(cmd: list[str], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        times.append(time.perf_counter() - began)
        if proc.returncode not in (0,):
            print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return statistics.median(times), times


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--exercise", default="squared_loss")
    p.add_argument("--busy", type=int, default=0, help="CPU-bound processes to run beside the grading")
    args = p.parse_args()
    hogs = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.busy)]
    for h in hogs:
        h.start()
    try:
        py = sys.executable
        torch_s, _ = timed([py, "-c", "import torch"], args.runs)
        one_s, _ = timed([py, "grade.py", "--target", "solutions", args.exercise], args.runs)
        all_s, all_runs = timed([py, "grade.py", "--target", "solutions"], args.runs)
    finally:
        for h in hogs:
            h.kill()
    print(f"cores {os.cpu_count()}, busy processes beside: {args.busy}")
    print(f"python -c 'import torch':                        {torch_s:6.2f} s")
    print(f"python grade.py --target solutions {args.exercise}: {one_s:6.2f} s ({one_s / torch_s:.2f}x import torch)")
    print(f"python grade.py --target solutions:              {all_s:6.2f} s (runs: {', '.join(f'{t:.1f}' for t in all_runs)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
