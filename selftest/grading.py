"""Run grade.py the way a learner does, in a subprocess, and read its --json back."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = int(os.environ.get("KATAS_SELFTEST_SEED") or 0) or None


def grade(target: Path | str, names=(), *, seed: int | None = SEED, root: Path = ROOT, env=None,
          timeout: float = 900, wrap: tuple[str, ...] = ()) -> tuple[dict, subprocess.CompletedProcess]:
    """grade.py --target TARGET --json; returns (the JSON, the finished process). wrap: a command that runs it
    (as_user.py's, say)."""
    tmp = Path((env or {}).get("TMPDIR") or os.environ.get("TMPDIR", "/tmp"))
    out = tmp / f"katas-selftest-{os.getpid()}-{abs(hash((str(target), names)))}.json"
    cmd = [*wrap, sys.executable, str(ROOT / "grade.py"), *names, "--target", str(target), "--json", str(out)]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8", **(env or {})})
    try:
        results = json.loads(out.read_text(encoding="utf-8"))
    except FileNotFoundError:
        msg = f"grade.py wrote no JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        raise AssertionError(msg) from None
    finally:
        out.unlink(missing_ok=True)
    return results, proc


def patched_target(tmp: Path, patches: dict[str, list[Path]]) -> Path:
    """A copy of solutions/ where each file gets the definitions of some patch files appended.

    A later definition replaces an earlier one, so a patch file holding one wrong function
    turns the reference into that mistake and leaves the rest of the file as it was.
    """
    target = tmp / "target"
    shutil.copytree(ROOT / "solutions", target, ignore=shutil.ignore_patterns("__pycache__"))
    for file, sources in patches.items():
        with open(target / file, "a", encoding="utf-8") as f:
            for src in sources:
                f.write(f"\n\n# --- patched from {src.relative_to(ROOT)} ---\n")
                f.write(src.read_text(encoding="utf-8"))
    return target


def copy_workbook(dest: Path) -> Path:
    """A working copy of the workbook in dest (what a learner clones), for tests that edit it: readable to others, as
    a clone is (pytest's folders are 0700, and grading as root refuses a workbook others may not read)."""
    dest.chmod(0o755)
    for name in ("grade.py", "conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, dest / name)
    for folder in ("katas", "tests", "exercises", "solutions"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def grade_rounds(tmp: Path, rounds: list[dict[str, list[Path]]], seed: int | None = SEED) -> list[dict]:
    """Grade solutions/ patched by each round in turn ({file: [patch files]}, a patch file's folder naming
    its exercise), all with one test server, as watch mode re-grades a learner's edits: every child imports
    the target's files afresh, so what the rounds share is the server's `import torch`, its collection and
    its warm-up, paid once instead of once a round. Returns each round's exercises as --json lists them."""
    from katas import catalog
    from katas.grading import grade as grade_with
    from katas.grading import server_for

    wanted = {f.parent.name for rnd in rounds for files in rnd.values() for f in files}
    exercises = [ex for ex in catalog.load().exercises if ex.id in wanted]  # learning order
    target = patched_target(tmp, {})
    seed = seed if seed is not None else random.SystemRandom().randrange(10_000)
    server = server_for(exercises, target, seed)
    found = []
    try:
        for rnd in rounds:
            _patch(target, rnd)
            ids = {f.parent.name for files in rnd.values() for f in files}
            selected = [ex for ex in exercises if ex.id in ids]
            results, _ = grade_with(selected, target, str(target), seed, server=server, remember=False)
            found.append(results.to_json()["exercises"])
            _patch(target, {file: [] for file in rnd})  # back to the reference for the next round
    finally:
        server.close()
    return found


def _patch(target: Path, patches: dict[str, list[Path]]) -> None:
    """Each file of patches: the reference's text with its patch files appended (none: the reference)."""
    for file, sources in patches.items():
        text = (ROOT / "solutions" / file).read_text(encoding="utf-8")
        for src in sources:
            text += f"\n\n# --- patched from {src.relative_to(ROOT)} ---\n" + src.read_text(encoding="utf-8")
        (target / file).write_text(text, encoding="utf-8")
