"""The test server's start (testserver.py runs this file by path with `python -P`), and --compare's training runs
(`--record EXERCISE FOLDER SEED`): safe import paths first.

- No cwd and no workbook on sys.path: the grader's package is imported by its path, so a module planted in the
  workbook (a `pytest_timeout.py`, or a name some library imports if it is there) is never imported.
- The workbook's modules (the grader, its tests, the learner's files) are compiled from source every time:
  a .pyc in a folder that learner code could have written is never read (bytecode.SourceOnlyLoader).
"""

import importlib.util
import os
import sys
from pathlib import Path

if sys.platform.startswith("linux") and os.environ.get("KATAS_RUNNER_PID", "").isdigit():
    import ctypes  # the server ends with the runner (a SIGKILL gives it no time to say stop): SIGTERM, then,
    import signal  # lets the server kill its children first (katas/server.py), or ends it before it has any (a
    # training run of --compare's ends with grade.py likewise, and its walls' keeper takes its namespace with it)

    ctypes.CDLL(None).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != int(os.environ["KATAS_RUNNER_PID"]):  # the runner died before that line
        sys.exit(0)

ROOT = str(Path(__file__).resolve().parent.parent)
if sys.path and sys.path[0] and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]  # Python 3.10 has no -P: the script's own folder, katas/, is not a top level of imports
sys.pycache_prefix = os.path.join(os.devnull, "none")  # no .pyc can be there: the imports below read sources
# the grader's package by its path; the workbook root itself is never on sys.path (red team 22: a module planted there,
# opt_einsum.py, ran in the server when torch tried that optional import)
_spec = importlib.util.spec_from_file_location("katas", os.path.join(ROOT, "katas", "__init__.py"))
sys.modules["katas"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sys.modules["katas"])
from katas import bytecode  # noqa: E402

sys.pycache_prefix = None
record = sys.argv[1:2] == ["--record"]  # grade.py --compare: one version trained (katas/compare.py), not pytest
target = sys.argv[3] if record and len(sys.argv) == 5 else next(
    (a.split("=", 1)[1] for a in sys.argv if a.startswith("--target=")), "")
bytecode.source_only([ROOT, os.path.abspath(target) if target else ""])
if record:
    from katas.compare import record as train_one

    sys.exit(train_one(sys.argv[2], sys.argv[3], int(sys.argv[4])))
import pytest  # noqa: E402

sys.exit(pytest.console_main())
