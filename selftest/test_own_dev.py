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
    import mmap

    with open("/dev/zero", "r+b") as f:  # zeros to read, as ever; no map (red team 66)
        zero = f.read(4)
        try:
            mmap.mmap(f.fileno(), 1 << 20, mmap.MAP_SHARED).close()
            zero += b" mapped"
        except OSError:
            pass
    return walls.held, walls.missing, sorted(os.listdir("/dev")), made, zero


def test_a_childs_dev_holds_no_terminal_and_cannot_be_written():
    held, missing, names, made, zero = in_own_user_namespace(_probe, mount=True)
    assert held == ["no terminal", "no map of /dev/zero"] and not missing, (held, missing)
    assert zero == bytes(4), zero  # /dev/zero reads zeros and cannot be mapped (red team 66's trimmed maps)
    devices = {d for d in sandbox._DEVICES if os.path.exists(f"/dev/{d}")}  # as the machine has them
    assert {n for n in names if not n.startswith(sandbox._GPU_DEVICES)} == devices | {
        "pts", "shm", "fd", "stdin", "stdout", "stderr"}, names
    assert made == "refused"


def test_as_root_too_a_childs_dev_holds_only_what_torch_needs(tmp_path):
    """Red team 109: as root a child saw the machine's /dev, and each open of /dev/kmsg (where kernel.dmesg_restrict
    is 0) keeps about 10 KiB of kernel memory that no cgroup is charged: 2.5 GiB in the 261,000 opens a child may
    hold. As root the child gets the same /dev of its own."""
    if os.getuid() != 0 or not os.path.exists("/dev/kmsg"):
        pytest.skip("a grading as root, on a machine with /dev/kmsg")
    import shutil

    from grading import ROOT, grade

    target = tmp_path / "target"
    shutil.copytree(ROOT / "solutions", target, ignore=shutil.ignore_patterns("__pycache__"))
    target.chmod(0o755)
    with open(target / "ch3_2_argument_passing.py", "a", encoding="utf-8") as f:
        f.write("\n\ndef append_in_place(items, x):\n    import os\n"
                "    raise RuntimeError('DEV ' + ' '.join(sorted(os.listdir('/dev'))) + ' END')\n")
    results, _ = grade(target, ("append_in_place",))
    message = next(e["message"] for e in results["exercises"] if e["id"] == "append_in_place")
    names = message.split("DEV ", 1)[1].split(" END", 1)[0].split()
    assert {n for n in names if not n.startswith(sandbox._GPU_DEVICES)} <= {
        *sandbox._DEVICES, "pts", "shm", "fd", "stdin", "stdout", "stderr"}, names
