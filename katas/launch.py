"""The test server's start (runner.py runs this file by path with `python -P`), and --compare's training runs
(`--record EXERCISE FOLDER SEED`): safe import paths first.

- No cwd and no workbook ahead of the installed packages: the workbook root is appended to sys.path, so a
  `pytest_timeout.py` or `torch.py` planted in it never shadows the real one.
- The workbook's modules (the grader, its tests, the learner's files) are compiled from source every time:
  a .pyc in a folder that learner code could have written is never read (bytecode.SourceOnlyLoader).
"""

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
sys.path.append(ROOT)
sys.pycache_prefix = os.path.join(os.devnull, "none")  # no .pyc can be there: the two imports below read sources
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
