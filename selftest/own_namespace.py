"""Run a probe in a forked child inside a user namespace of its own (root of it, mapping the caller), as the sandbox
does for an ordinary user, and a mount namespace of its own with mount=True."""

from __future__ import annotations

import ctypes
import os


def in_own_user_namespace(probe, mount: bool = False):
    """probe()'s answer (its repr read back), or ("error", repr of what it raised)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            uid, gid = os.getuid(), os.getgid()
            libc = ctypes.CDLL(None, use_errno=True)
            assert libc.unshare(0x10000000 | (0x00020000 if mount else 0)) == 0  # CLONE_NEWUSER, CLONE_NEWNS
            for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
                with open(f"/proc/self/{name}", "w") as f:
                    f.write(text)
            if mount:
                assert libc.mount(b"none", b"/", None, 0x4000 | 0x40000, None) == 0  # MS_REC | MS_PRIVATE
            answer = probe()
        except BaseException as e:  # noqa: BLE001 - said to the parent
            answer = ("error", repr(e))
        try:
            os.write(write, repr(answer).encode())
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.waitpid(pid, 0)
    os.close(read)
    return eval(b"".join(chunks).decode())  # noqa: S307  (our own child's repr)
