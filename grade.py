"""Grade your d2l-katas exercises: python grade.py [NAME ...] [--target DIR] [--json FILE].

批改练习：python grade.py [练习名 ...]。See README.md, or python grade.py --help.
"""

import sys
from pathlib import Path

sys.dont_write_bytecode = True  # the workbook never holds bytecode of the grader's: any found there is stray


def _stray_files_checked() -> None:
    """katas/stray.py, run from its source before anything of katas is imported (a planted .pyc could be)."""
    path = Path(__file__).resolve().parent / "katas" / "stray.py"
    stray = {"__name__": "katas_stray"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), stray)
    if stray["refuse_or_clean"](path.parent.parent):
        raise SystemExit(2)


_stray_files_checked()

from katas.cli import check, main  # noqa: E402  (check: grade from a notebook)

__all__ = ["check", "main"]

if __name__ == "__main__":
    sys.exit(main())
