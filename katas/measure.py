"""What a child holds, read by the runner from /proc and the file system, never from the child's word: its
memory (resident pages and page tables, memfd files, its sockets and pipes at the most their buffers hold), the
disk its folder takes, the CPU it used and waited for."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import NamedTuple

from katas.sandbox import DISK_LIMIT, memory_limit


def resident(pid: int, spend: float = 0.1) -> int:
    """Bytes of memory that pid and every process below it hold of their own: memfd files, sockets and pipes they hold
    open (in no one's resident set), page tables, and the resident pages; where those pass the cap, their own pages
    (Private_* of Linux's smaps_rollup: the pages shared copy-on-write with the server, torch and the data, are not
    theirs), read for `spend` seconds at most (26 ms a process), the most anonymous memory first, and a process not
    read counted at the least that one read holds (red team 8 hid 8 x 384 MiB behind 150 small processes forked
    last, whose sample, newest first, was averaged over the rest; 200 processes forked from one share nearly all)."""
    procs, held, files = tree(pid, spend)
    if held + files <= memory_limit():
        return held + files
    read, until = [], time.monotonic() + spend
    for p in sorted(procs, key=lambda q: procs[q].anon, reverse=True):
        if read and time.monotonic() > until:
            break
        try:
            mine = sum(int(line.split()[1]) * 1024 for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines()
                       if line.startswith("Private_"))
            read.append(mine)
        except (OSError, ValueError, IndexError):
            continue
    if not read:
        return held + files
    tables = sum(p.tables for p in procs.values())
    return files + tables + sum(read) + (len(procs) - len(read)) * min(read)


class Proc(NamedTuple):
    rss: int  # resident pages
    anon: int  # of which anonymous (a process's own, or shared copy-on-write since a fork)
    tables: int  # page tables: 2 GiB for a sparse 1 TiB map that keeps almost nothing resident (red team 9)


def _most(name: str, default: int) -> int:
    try:
        return max(default, int(Path(f"/proc/sys/{name}").read_text()))
    except (OSError, ValueError):
        return default


# The most one socket's or pipe's buffers hold in kernel memory, in no one's resident set: twice the largest socket
# buffer a process may ask for (Linux doubles it), and the largest pipe. Red team 7 held 2.5 GiB in Unix socket
# buffers, red team 9 1.8 GiB in pipes, under a 512 MiB cap as an ordinary user (where no memory cgroup counts them).
SOCKET_HOLDS = 2 * _most("net/core/wmem_max", 212_992)
PIPE_HOLDS = _most("fs/pipe-max-size", 2**20)


def tree(pid: int, spend: float = 0.1) -> tuple[dict[int, Proc], int, int]:
    """(pid and the processes below it with the bytes resident in each (page tables too), the bytes resident in
    all, the bytes of the distinct memfd files they hold open and the most their distinct sockets and pipes can
    hold): /proc/*/status, and the descriptor tables for `spend` seconds at most (memfd_create stays open to
    children: CUDA's driver needs it); 200 processes x 20,000 descriptors behind a long path once held this walk
    9.5 minutes (red team 5, #4), and a child's process now holds at most 1,024."""
    procs, stack, resident, memfds, buffers = {}, [pid], 0, {}, set()
    until = time.monotonic() + spend
    while stack and len(procs) < 4096:
        p = stack.pop()
        procs[p] = Proc(0, 0, 0)
        try:
            status = {k: int(v.split()[0]) * 1024 for k, _, v in (line.partition(":") for line in
                      Path(f"/proc/{p}/status").read_text().splitlines()) if k in ("VmRSS", "RssAnon", "VmPTE")}
            procs[p] = Proc(status.get("VmRSS", 0), status.get("RssAnon", 0), status.get("VmPTE", 0))
            resident += procs[p].rss + procs[p].tables
            for fd in os.listdir(f"/proc/{p}/fd") if time.monotonic() < until else ():
                if time.monotonic() > until:
                    break
                try:
                    link = os.readlink(f"/proc/{p}/fd/{fd}")
                    if link.startswith("/memfd:"):
                        st = os.stat(f"/proc/{p}/fd/{fd}")
                        memfds[(st.st_dev, st.st_ino)] = st.st_blocks * 512
                    elif link.startswith(("socket:", "pipe:")):
                        buffers.add(link)
                except OSError:
                    continue
            for task in os.listdir(f"/proc/{p}/task"):
                stack += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()
                          if int(c) not in procs]
        except (OSError, ValueError, IndexError):
            continue
    held = sum(SOCKET_HOLDS if b.startswith("socket:") else PIPE_HOLDS for b in buffers)
    return procs, resident, sum(memfds.values()) + held


def size(folder: Path, entries: int = 100_000) -> int:
    """Bytes of files under folder, links not followed, read without recursion; past `entries` entries (a
    million tiny files, a chain of folders 1,500 deep) it counts as over DISK_LIMIT."""
    total, stack = 0, [str(folder)]
    while stack:
        try:
            with os.scandir(stack.pop()) as it:
                for entry in it:
                    entries -= 1
                    if entries < 0:
                        return DISK_LIMIT + 1
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:  # blocks too: fallocate(KEEP_SIZE) takes disk that st_size does not show
                            st = entry.stat(follow_symlinks=False)
                            total += max(st.st_size, getattr(st, "st_blocks", 0) * 512)
                    except OSError:
                        pass
        except OSError:
            pass
    return total


def cpu_and_wait(pid: int | None) -> tuple[float, float]:
    """(CPU seconds used, seconds spent waiting for a CPU) by pid's process and the processes below it, every
    thread included: /proc's stat and schedstat (no schedstat: no wait is known, and none is assumed)."""
    cpu, wait, stack, seen = 0.0, 0.0, [pid] if pid else [], 0
    while stack and seen < 256:
        p, seen = stack.pop(), seen + 1
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += sum(int(f) for f in fields[11:15]) / _TICKS  # utime, stime, and of its waited-for children
            for task in os.listdir(f"/proc/{p}/task"):
                try:
                    wait += int(Path(f"/proc/{p}/task/{task}/schedstat").read_text().split()[1]) / 1e9
                except (OSError, ValueError, IndexError):
                    pass
                stack += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return cpu, wait


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
