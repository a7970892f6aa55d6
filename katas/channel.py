"""How a test child's records and output reach the runner: descriptors only that child inherits, no path.

For each job the test server makes a pipe (the child's records) and an unlinked file (its output, capped
by RLIMIT_FSIZE), forks, and hands the read end and the file to the runner over a Unix socket the runner
gave it (SCM_RIGHTS), before it says "started". No sibling, and no later process, can name either: they
live in no folder. The runner reads without blocking, at most LOOK_LIMIT bytes a look, and keeps of the
refused lines a count only. Where descriptors cannot be passed (Windows: no fork, one server per job),
the child writes into files of its own folder and the runner reads them without following links.
"""

from __future__ import annotations

import os
import socket
import stat
import tempfile
from pathlib import Path

READ_LIMIT = 2**20  # the longest record line kept (a picture's, base64)
LOOK_LIMIT = 256 * 1024  # bytes of records read from one child per look: a flood slows only itself
LOG_KEEP = 64 * 1024  # bytes of a child's output the runner reads back to explain a failure
PASSES_FDS = hasattr(socket, "send_fds") and hasattr(os, "fork")


def pair() -> tuple[socket.socket, socket.socket]:
    """(the runner's end, the server's end) of the socket that carries each child's descriptors."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    theirs.set_inheritable(True)
    return ours, theirs


# --- in the server -----------------------------------------------------------------------------------


def open_job(private: Path) -> tuple[int, int, int]:
    """(records read end, records write end, output file) for a job; private: a folder only root reads."""
    r, w = os.pipe()
    fd, path = tempfile.mkstemp(prefix="out-", dir=private)
    os.unlink(path)  # reachable from now on through the descriptor only
    return r, w, fd


def hand_over(sock: socket.socket, job: int, fds: list[int]) -> str | None:
    """Send the job's outlet to the runner; None, or why the kernel refused (the runner then sends that job again,
    alone). As an ordinary user every child is the server's user, whose count of descriptors in flight many senders
    at once can race past the server's limit of open files (ETOOMANYREFS): red team 65 so stopped the server."""
    try:
        socket.send_fds(sock, [str(job).encode()], fds)
    except OSError as e:
        return str(e)
    finally:
        for fd in fds:
            os.close(fd)
    return None


# --- in the runner -----------------------------------------------------------------------------------


def receive(sock: socket.socket, job: int) -> Outlet | None:
    """The outlet of job, which the server sent just before saying it started (None if it sent none). Outlets of
    jobs the runner no longer waits for, sent before it, are closed on the way."""
    sock.settimeout(5.0)
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(sock, 64, 2)
        except OSError:
            return None
        if msg == str(job).encode() and len(fds) == 2:
            return Outlet(*fds)
        for fd in fds:
            os.close(fd)
        if not msg:  # the server is gone
            return None


class Outlet:
    """One child's records (a pipe, or a file on platforms without fork) and its output (a file)."""

    def __init__(self, records: int, log: int):
        self.records, self.log = records, log
        if stat.S_ISFIFO(os.fstat(records).st_mode):
            os.set_blocking(records, False)
        self.partial = b""
        self.eof = False
        self.refused = 0
        self.pos = 0  # in a records file

    @classmethod
    def in_folder(cls, folder: Path) -> Outlet | None:
        """Windows: the files the child made in its folder, opened without following links, if they are files."""
        fds = []
        for name in ("records.jsonl", "log.txt"):
            fd = _open_plain(folder / name)
            if fd is None:
                for f in fds:
                    os.close(f)
                return None
            fds.append(fd)
        return cls(*fds)

    def lines(self) -> list[bytes]:
        """Whole record lines that came since the last look (at most LOOK_LIMIT bytes of them)."""
        if self.eof:
            return []
        try:
            if stat.S_ISFIFO(os.fstat(self.records).st_mode):
                chunk = os.read(self.records, LOOK_LIMIT)
                self.eof = not chunk
            else:
                chunk = os.pread(self.records, LOOK_LIMIT, self.pos)
                self.pos += len(chunk)
        except BlockingIOError:
            return []
        except OSError:
            self.eof, chunk = True, b""
        lines = (self.partial + chunk).split(b"\n")
        self.partial = lines.pop()
        if len(self.partial) > READ_LIMIT:  # a line far too long: refused, not kept
            self.partial, self.refused = b"", self.refused + 1
        return lines

    def output(self) -> str:
        """The end of the child's output (what it printed, its crash log)."""
        try:
            size = os.fstat(self.log).st_size
            start = max(0, size - LOG_KEEP)
            return os.pread(self.log, size - start, start).decode("utf-8", errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        for fd in (self.records, self.log):
            try:
                os.close(fd)
            except OSError:
                pass
        self.records = self.log = -1


def _open_plain(path: Path) -> int | None:
    """A regular file opened for reading, never a link, FIFO or device."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd
