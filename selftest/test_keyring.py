"""A test child can add no key to the kernel's keyrings: keys outlive processes (red team 4, #17)."""

import ctypes
import errno
import os
import platform
import sys

import pytest

from katas import keyring

NUMBERS = {"x86_64": (248, 250), "aarch64": (217, 219)}  # add_key, keyctl


@pytest.mark.skipif(sys.platform != "linux" or platform.machine() not in NUMBERS, reason="Linux keyrings")
def test_key_syscalls_are_refused_after_deny_and_nothing_else():
    add_key, keyctl = NUMBERS[platform.machine()]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the filter stays for the process's life: try it in a child
        libc = ctypes.CDLL(None, use_errno=True)
        why = keyring.deny()
        got = [libc.syscall(add_key, b"user", b"canary", b"x" * 8, 8, -4), ctypes.get_errno(),
               libc.syscall(keyctl, 0, -4, 0), ctypes.get_errno(), libc.getpid() == os.getpid()]
        os.write(write, repr((why, got)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    why, got = eval(os.read(read, 4096).decode())  # noqa: S307  (our own child's repr)
    os.close(read)
    assert why is None, why
    assert got == [-1, errno.EPERM, -1, errno.EPERM, True], got
