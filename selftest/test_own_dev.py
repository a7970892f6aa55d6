"""As an ordinary user, a child's /dev holds only what torch and the GPUs need: no terminal, console or serial line
its uid or groups could write (red team 20 wrote a window title and a fake score to a console the learner owned)."""

import os
import sys

import pytest
from own_namespace import in_own_user_namespace

from katas import sandbox

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="namespaces")


def _probe():
    walls = sandbox.Walls()
    sandbox._own_dev(walls)
    with open("/dev/null", "w") as f:
        f.write("x")
    try:
        os.close(os.open("/dev/made", os.O_CREAT | os.O_WRONLY))
        made = "made"
    except OSError:
        made = "refused"
    return walls.held, walls.missing, sorted(os.listdir("/dev")), made


def test_a_childs_dev_holds_no_terminal_and_cannot_be_written():
    held, missing, names, made = in_own_user_namespace(_probe, mount=True)
    assert held == ["no terminal"] and not missing, (held, missing)
    devices = {d for d in sandbox._DEVICES if os.path.exists(f"/dev/{d}")}  # as the machine has them
    assert {n for n in names if not n.startswith(sandbox._GPU_DEVICES)} == devices | {
        "pts", "shm", "fd", "stdin", "stdout", "stderr"}, names
    assert made == "refused"
