"""Run a command as an ordinary user, from root, on a machine whose Python only root may reach (/root/.pyenv
under a 0700 /root): `unshare --mount --propagation private python as_user.py UID PATH... -- COMMAND...`.

In the private mount namespace that unshare made, each folder that others may not enter on the way to a
PATH (the command's Python, its packages, the workbook) is covered by a 0755 tmpfs that shows that PATH's
entry again (bound from the real one, its own modes unchanged); then root drops to UID with no group and no
capability, and the command runs. Nothing of the machine changes: the mounts die with the namespace.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

_MS_BIND, _MS_REC = 4096, 16384


def _mount(source: str, target: str, fstype: str | None, flags: int, options: str | None) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(source.encode(), target.encode(), fstype and fstype.encode(), flags,
                  options and options.encode()) != 0:
        raise OSError(ctypes.get_errno(), f"mount {source} on {target}")


def reveal(paths: list[str]) -> None:
    """Make every path reachable by others (modes of the paths themselves unchanged)."""
    for _ in range(8):  # a folder shown may hold another that others may not enter
        blocked: dict[str, set[str]] = {}
        for path in paths:
            parts = Path(path).parts
            for i in range(1, len(parts)):
                folder = os.path.join(*parts[:i])
                if not os.stat(folder).st_mode & 0o001:
                    blocked.setdefault(folder, set()).add(parts[i])
                    break
        if not blocked:
            return
        for folder, entries in blocked.items():
            fds = {name: os.open(os.path.join(folder, name), os.O_PATH) for name in entries}
            _mount("katas", folder, "tmpfs", 0, "size=65536,mode=0755")
            for name, fd in fds.items():
                place = os.path.join(folder, name)
                os.mkdir(place) if os.path.isdir(f"/proc/self/fd/{fd}") else open(place, "w").close()
                _mount(f"/proc/self/fd/{fd}", place, None, _MS_BIND | _MS_REC, None)
                os.close(fd)
    raise OSError("folders nested too deep to reveal")


def main(argv: list[str]) -> None:
    split = argv.index("--")
    uid, paths, command = int(argv[0]), argv[1:split], argv[split + 1:]
    reveal([os.path.realpath(p) for p in paths])
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
