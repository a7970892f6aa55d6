"""The grader's temporary folders: each names its owner, and those of gradings that died are removed.

A grading removes its folder when it ends, on a Ctrl-C or a kill too (testserver.Server.close). Only a grader
killed outright (SIGKILL, the machine's OOM killer, a power cut) leaves one: the next grading by the same
user removes it, if it is recognisably a grader's (the name katas-<pid>-..., an `owner` file in its private
folder naming the process by its pid, start time and PID namespace) and that process is gone. Nothing
else is touched: another user's folder, a live grader's, one in a PID namespace this one cannot see.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_NAME = re.compile(r"katas-(\d+)-[A-Za-z0-9_]+")


def make_folder() -> Path:
    """A new folder for a grading's files (mode 0711), with private/ (0700) and private/owner."""
    tmp = Path(tempfile.mkdtemp(prefix=f"katas-{os.getpid()}-"))
    os.chmod(tmp, 0o711)
    (tmp / "private").mkdir(mode=0o700)
    (tmp / "private" / "owner").write_text(_identity(os.getpid()) or "", encoding="ascii")
    return tmp


def _started(pid: int) -> str | None:
    """When a live process started (ticks since boot); None when there is no such process, or no /proc."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]  # field 22, after the name
    except (OSError, IndexError):
        return None


def _identity(pid: int) -> str | None:
    """'pid start-time pid-namespace' of this process (None where there is no /proc to read them from)."""
    try:
        return f"{pid} {_started(pid)} {os.stat('/proc/self/ns/pid').st_ino}" if _started(pid) else None
    except OSError:
        return None


def _dead(owner: str) -> bool:
    """Is the grader that wrote owner gone? Only where that can be known: same PID namespace, /proc to read."""
    parts = owner.split()
    mine = _identity(os.getpid())
    if len(parts) != 3 or not parts[0].isdigit() or mine is None or parts[2] != mine.split()[2]:
        return False
    return _started(int(parts[0])) != parts[1]  # gone, or its pid now another process's


def sweep(folder: str | None = None) -> list[Path]:
    """Remove the folders of this user's gradings that died (in folder, the temporary directory by default)."""
    if not hasattr(os, "getuid"):
        return []
    removed = []
    try:
        entries = list(os.scandir(folder or tempfile.gettempdir()))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith("katas-") or not _NAME.fullmatch(entry.name):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
            owner = Path(entry.path, "private", "owner")
            if owner.is_symlink() or not _dead(owner.read_text(encoding="ascii")):
                continue
        except (OSError, UnicodeDecodeError):
            continue
        remove_tree(entry.path)
        removed.append(Path(entry.path))
    return removed


def remove_tree(path: str | Path) -> None:
    """Remove a folder of the grader's, whatever learner code did to it."""

    def unlock(func, p, _):  # learner code may have made a folder read-only
        try:
            if not os.path.islink(p):  # a link's target is never the grader's to change (red team 59)
                os.chmod(p, 0o700)
            os.chmod(os.path.dirname(p), 0o700)
            func(p)
        except OSError:
            pass

    shutil.rmtree(path, onerror=unlock)
