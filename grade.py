"""Grade your d2l-katas exercises: python grade.py [NAME ...] [--target DIR] [--json FILE].

批改练习：python grade.py [练习名 ...]。See README.md, or python grade.py --help.
"""

import os
import sys

if __name__ == "__main__" and sys.path and os.path.realpath(sys.path[0]) == os.path.dirname(os.path.realpath(__file__)):
    del sys.path[0]  # the workbook is no folder of imports (red team 22: an org/ planted there ran in grade.py, which
    # copy.py tries to import), so this comes before any import that is not built in or already loaded
import importlib.util  # noqa: E402
from pathlib import Path  # noqa: E402

sys.dont_write_bytecode = True  # the workbook never holds bytecode of the grader's: any found there is stray


def _stray_files_checked() -> None:
    """katas/stray.py, run from its source before anything of katas is imported (a planted .pyc could be)."""
    path = Path(__file__).resolve().parent / "katas" / "stray.py"
    stray = {"__name__": "katas_stray"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), stray)
    if stray["refuse_or_clean"](path.parent.parent):
        raise SystemExit(2)


def _grader_imported() -> None:
    """katas from this file's folder, by its path: not another clone's (an editable install maps katas to its own).
    Imported from a notebook whose exercises imported katas already, that one stays."""
    if "katas" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location("katas", Path(__file__).resolve().parent / "katas" / "__init__.py")
    sys.modules["katas"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sys.modules["katas"])


_stray_files_checked()
_grader_imported()

from katas.cli import check, main  # noqa: E402  (check: grade from a notebook)

__all__ = ["check", "main"]

if __name__ == "__main__":
    sys.exit(main())
