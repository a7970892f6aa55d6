"""As an ordinary user, a child's /dev holds only what torch and the GPUs need: no terminal, console or serial line
its uid or groups could write (red team 20 wrote a window title and a fake score to a console the learner owned)."""

import ctypes
import os
import sys

import pytest

from katas import sandbox

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="namespaces")


def _in_own_namespaces() -> str:
    """sandbox._own_dev run in a forked child with user and mount namespaces of its own: what it then sees."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            uid, gid = os.getuid(), os.getgid()
            libc = ctypes.CDLL(None, use_errno=True)
            assert libc.unshare(0x10000000 | 0x00020000) == 0  # CLONE_NEWUSER | CLONE_NEWNS
            for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
                with open(f"/proc/self/{name}", "w") as f:
                    f.write(text)
            assert libc.mount(b"none", b"/", None, 0x4000 | 0x40000, None) == 0  # MS_REC | MS_PRIVATE
            walls = sandbox.Walls()
            sandbox._own_dev(walls)
            with open("/dev/null", "w") as f:
                f.write("x")
            try:
                os.close(os.open("/dev/made", os.O_CREAT | os.O_WRONLY))
                made = "made"
            except OSError:
                made = "refused"
            os.write(write, repr((walls.held, walls.missing, sorted(os.listdir("/dev")), made)).encode())
        except BaseException as e:  # noqa: BLE001 - said to the parent
            os.write(write, repr(("error", repr(e))).encode())
        finally:
            os._exit(0)
    os.close(write)
    got = os.read(read, 10_000).decode()
    os.waitpid(pid, 0)
    os.close(read)
    return got


def test_a_childs_dev_holds_no_terminal_and_cannot_be_written():
    held, missing, names, made = eval(_in_own_namespaces())  # noqa: S307  (our own child's repr)
    assert held == ["no terminal"] and not missing, (held, missing)
    devices = {d for d in sandbox._DEVICES if os.path.exists(f"/dev/{d}")}  # as the machine has them
    assert {n for n in names if not n.startswith(sandbox._GPU_DEVICES)} == devices | {
        "pts", "shm", "fd", "stdin", "stdout", "stderr"}, names
    assert made == "refused"
