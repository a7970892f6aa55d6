"""grade.py's table, JSON and exit code, pinned on a tiny fixture workbook.

Each folder in fixtures/workbook/targets/ is one learner: all passing, untouched stubs, a
syntax error, an endless loop, os._exit, a segfault, a print flood, torch monkeypatched, ...
Bad code must cost only its own exercise and never earn a point. To accept a deliberate
change of output: KATAS_UPDATE_GOLDEN=1 python -m pytest selftest/test_grader_golden.py
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from grading import grade

HERE = Path(__file__).parent
WORKBOOK = HERE / "fixtures" / "workbook"
GOLDEN = HERE / "golden"
CASES = sorted(p.name for p in (WORKBOOK / "targets").iterdir() if p.is_dir())
UPDATE = bool(os.environ.get("KATAS_UPDATE_GOLDEN"))
ENV = {"KATAS_ROOT": str(WORKBOOK), "CUDA_VISIBLE_DEVICES": "", "PYTORCH_ENABLE_MPS_FALLBACK": "0"}


def _run(case: str):
    return grade(f"targets/{case}", seed=1, root=WORKBOOK, env=ENV, timeout=120)


@pytest.fixture(scope="module")
def graded():
    with ThreadPoolExecutor(3) as pool:  # the cases are independent: overlap their torch imports
        return dict(zip(CASES, pool.map(_run, CASES), strict=True))


def _stable(results: dict) -> dict:
    """The JSON without what varies from run to run (timings)."""
    for e in results["exercises"]:
        for t in e["tests"]:
            t.pop("seconds")
    return results


def _compare(path: Path, actual: str):
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} changed:\n{actual}"


@pytest.mark.parametrize("case", CASES)
def test_table_is_golden(case, graded):
    _, proc = graded[case]
    _compare(GOLDEN / f"{case}.txt", proc.stdout)


@pytest.mark.parametrize("case", CASES)
def test_json_is_golden(case, graded):
    results, _ = graded[case]
    _compare(GOLDEN / f"{case}.json", json.dumps(_stable(results), ensure_ascii=False, indent=2) + "\n")


@pytest.mark.parametrize("case", CASES)
def test_exit_code_and_no_unearned_points(case, graded):
    results, proc = graded[case]
    assert proc.returncode == (0 if case == "all_pass" else 1), proc.stderr
    by_id = {e["id"]: e for e in results["exercises"]}
    if case != "all_pass":
        assert by_id["add"]["status"] != "passed" and by_id["add"]["points"] == 0, by_id["add"]
    if case not in ("not_started", "syntax_error", "error_on_import", "os_exit_on_import"):
        # bad code in add() costs add only: scale, in the same file, is still graded
        assert by_id["scale"]["status"] == "passed", by_id["scale"]


EXPECTED_STATUS = {
    "all_pass": "passed", "not_started": "not_started", "syntax_error": "error", "error_on_import": "error",
    "infinite_loop": "timeout", "hang_ignoring_timeout": "timeout", "os_exit": "crashed",
    "os_exit_on_import": "crashed", "segfault": "crashed", "sys_exit": "failed",
    "keyboard_interrupt": "failed", "print_flood": "failed", "monkeypatch_torch": "failed",
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_status(case, graded):
    results, _ = graded[case]
    assert case in EXPECTED_STATUS, f"new case {case}: say which status it must get"
    assert results["exercises"][0]["status"] == EXPECTED_STATUS[case]


def test_learner_files_untouched(graded):
    """Grading writes nothing into the graded folders (no __pycache__, no caches)."""
    written = [p for p in (WORKBOOK / "targets").rglob("*") if p.is_file() and p.name != "kata.py"]
    assert not written, written
