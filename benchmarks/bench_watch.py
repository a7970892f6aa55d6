"""Watch-mode latency: median re-check of 20 saves of squared_loss, and one cold check.

python benchmarks/bench_watch.py [--saves 20] [--exercise squared_loss] [--whole-file]

--whole-file watches every exercise of the exercise's file (all solved): a save re-grades each of them, since a
remembered result holds only while its whole file is unchanged (anything in it may run at import).

Runs in a temporary copy of the workbook (the project is never written). A save is timed
from the write to the end of grading, as the watcher sees it (poll interval included);
the cold check is `python grade.py NAME` from a fresh interpreter, torch import and all.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--saves", type=int, default=20)
    p.add_argument("--exercise", default="squared_loss")
    p.add_argument("--whole-file", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="katas-bench-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)  # (as root, grading refuses a workbook others may not read)
        for name in ("grade.py", "conftest.py", "pyproject.toml"):
            shutil.copy(ROOT / name, root / name)
        for folder in ("katas", "tests", "exercises", "solutions"):
            shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
        # solve the exercise (the reference), so that each save is graded to a pass
        sys.path.insert(0, str(root))
        import os

        os.environ["KATAS_ROOT"] = str(root)
        os.environ["KATAS_STATE"] = str(root / ".katas")
        from katas import catalog as catalog_mod
        from katas.watch import POLL, Watcher

        catalog = catalog_mod.load()
        (ex,) = catalog.select([args.exercise])
        path = root / "exercises" / ex.file
        shutil.copy(root / "solutions" / ex.file, path)
        watched = [e for e in catalog.exercises if e.file == ex.file] if args.whole_file else [ex]

        began = time.perf_counter()
        cold = subprocess.run([sys.executable, "grade.py", ex.id], cwd=root, capture_output=True, text=True)
        cold_s = time.perf_counter() - began
        assert "✓" in cold.stdout, cold.stdout + cold.stderr

        class Quiet:
            def write(self, s):
                return len(s)

            def flush(self):
                pass

            def isatty(self):
                return False

        times = []
        watcher = Watcher(catalog, watched, root / "exercises", "exercises", "en", out=Quiet())
        try:
            watcher.start()  # starts the session's test server and grades once
            for i in range(args.saves):
                text = path.read_text(encoding="utf-8")
                head, sep, tail = text.partition(f"def {ex.names[0]}(")
                line, nl, rest = tail.partition("\n")  # a real change, inside the exercise's own definition
                path.write_text(f"{head}{sep}{line}{nl}    # save {i}\n{rest}", encoding="utf-8")
                t0 = time.perf_counter()
                while not watcher.poll():
                    time.sleep(POLL)
                times.append(time.perf_counter() - t0)
                assert watcher.memory.results[ex.id]["status"] == "passed"
                time.sleep(1)  # the learner's next edit
        finally:
            watcher.close()
        print(f"cold check (python grade.py {ex.id}): {cold_s:.2f} s")
        print(f"watch re-check, median of {len(times)} saves: {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
