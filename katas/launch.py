"""The test server's start (runner.py runs this file by path with `python -P`): safe import paths first.

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
    import signal  # lets the server kill its children first (katas/server.py), or ends it before it has any

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
target = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--target=")), "")
bytecode.source_only([ROOT, os.path.abspath(target) if target else ""])
import pytest  # noqa: E402

sys.exit(pytest.console_main())
