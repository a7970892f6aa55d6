"""What a child holds, read by the runner from /proc and the file system, never from the child's word: its
memory (resident pages and page tables, memfd files and those of its private tmpfs, its sockets and pipes at the most
their buffers hold, every socket of its network namespace too), the disk its folder takes, the CPU it used and waited
for."""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import stat
import time
from collections import Counter, OrderedDict, deque
from pathlib import Path
from typing import NamedTuple

from katas.cgroups import charged, memory_limit
from katas.sandbox import DATAGRAMS_QUEUED, DISK_LIMIT, OUTPUT_LIMIT
from katas.syscalls import SHARED_MAP_LIMIT


def over_memory(pid: int, descriptors: Descriptors) -> bool:
    """Whether the child at pid holds more than its memory cap by the parent's look: all it holds where no cgroup
    caps it, else what the cgroup charges and its sockets together (a cgroup v1 charges no socket buffer, and v2
    refuses a send past its cap instead of killing: red team 91 held 900 MiB charged and 1.7 GiB in netlink queues
    under a 1 GiB cap)."""
    limit = memory_limit()
    used = charged(pid)
    if used is None:
        return resident(pid, descriptors=descriptors) > limit
    return used + sockets(pid, limit - used) > limit


def overstepped(pid: int, descriptors: Descriptors) -> str | None:
    """Which limit the child at pid is past by the parent's look, if any: "memory" (over_memory), "unmeasured" (a
    process of it whose memory cannot be read: Descriptors.unreadable) or "watches" (epoll watches past
    EPOLL_WATCH_LIMIT). A test child's (katas/runner.py) and a --compare training run's (katas/compare.py)."""
    if over_memory(pid, descriptors):
        return "memory"
    if descriptors.unreadable:
        return "unmeasured"
    if descriptors.epoll_watches > EPOLL_WATCH_LIMIT:
        return "watches"
    return None


def files_short() -> bool:
    """Whether the machine's open files are past a quarter of its file-max: a child holding FILES_LIMIT of them is then
    stopped (at file-max, no ordinary user's program opens a file)."""
    files = machine_files()
    return files is not None and files[0] * 4 >= files[1]


def resident(pid: int, spend: float = 0.1, descriptors: Descriptors | None = None) -> int:
    """Bytes of memory that pid and every process below it hold of their own: memfd files, sockets and pipes they hold
    open (in no one's resident set), page tables, and the resident pages; where those pass the cap, their own pages
    (Private_* of Linux's smaps_rollup: the pages shared copy-on-write with the server, torch and the data, are not
    theirs; and their share of shared memory, Pss_Shmem, which no one else's is: red team 15 mapped 2.5 GiB in two of
    its processes, private to neither). Anonymous pages its processes share copy-on-write among themselves count too:
    their share of anonymous memory past their private pages (Pss_Anon), less all the process that forked pid holds
    (what they may share with it, the server's torch and data; red team 25 held 3 GiB under a 1 GiB cap as pages that
    a chain of its own forks all shared, private to none).

    smaps_rollup takes about 26 ms a process: each look reads them for `spend` seconds at most, processes never read
    first (the most anonymous and shared memory first), then those with the most page faults since their last read (a
    new page, or one shared copy-on-write that it wrote), then the one read longest ago; what a process read earlier
    holds is kept, plus what it grew since (its resident anonymous and shared pages past those at the read), and a
    process never read counts at the least that one read holds. Red team 8 hid 8 x 384 MiB behind 150 small
    processes forked last; red team 57 behind 40 forks sharing a large region, which the reads took first and every
    look again, never reaching the 6 that held 300 MiB each."""
    procs, held, files = tree(pid, spend, descriptors)
    if held + files <= memory_limit():
        return held + files
    # a process that ran a program of its own shares no page with the server: all it holds is its (red team 51 hid 12
    # such behind 120 forks, which the reads below took first)
    image, server = procs[pid].image, procs[pid].parent
    fresh = [p for p in procs if procs[p].image not in (None, image)]
    own = sum(procs[p].anon + procs[p].shmem + procs[p].tables for p in fresh)
    procs = {p: procs[p] for p in procs if p not in fresh}
    known = descriptors.rollups if descriptors is not None else OrderedDict()
    for p in [p for p in known if p not in procs]:
        del known[p]

    def footprint(p: int) -> int:
        return procs[p].anon + procs[p].shmem

    age = {p: n for n, p in enumerate(known)}

    def turn(p: int) -> tuple:  # a process's page faults since its read: new pages, and pages shared copy-on-write
        if p not in known:  # that it wrote (its own since, with no growth in its resident pages to show it)
            return 0, -footprint(p), 0
        return 1, -(procs[p].faults - known[p][3]), age[p]

    # second, the process read longest ago: whatever the faults say (a page written from another process, through
    # /proc/PID/mem or a clone sharing its memory, faults there: red team 63 hid 1.7 GiB so behind 12 busy forks),
    # each process is read again within as many looks as the child has processes
    order = sorted(procs, key=turn)
    oldest = next(iter(known), None)  # (known holds only procs' by now)
    if oldest is not None and order[0] != oldest:
        order.remove(oldest)
        order.insert(1, oldest)
    until, reads, gone = time.monotonic() + spend, 0, set()
    for p in order:
        if reads >= 2 and time.monotonic() > until:  # the first by priority, the second the oldest: both, always
            break
        try:
            fields = _rollup(p)
        except (OSError, ValueError, IndexError):
            if _ended(p):  # since the look: it holds nothing now (all it held at the look, counted as its own,
                gone.add(p)  # stopped benign children past a 256 MiB cap as they ended)
            continue
        reads += 1
        private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0) + fields.get("Private_Hugetlb", 0)
        known.pop(p, None)
        known[p] = (private + fields.get("Pss_Shmem", 0) + fields.get("SwapPss", 0),
                    max(0, fields.get("Pss_Anon", 0) - private), footprint(p),
                    procs[p].faults)
    for p in gone:
        ended = procs.pop(p)
        held -= ended.rss + ended.tables
        known.pop(p, None)
    read = [p for p in procs if p in known]
    if not read:
        return held + files
    mine = [known[p][0] + max(0, footprint(p) - known[p][2]) for p in read]
    shared = [known[p][1] for p in read]
    tables, unread = sum(p.tables for p in procs.values()), len(procs) - len(read)
    among = max(0, sum(shared) + unread * min(shared) - _anonymous(server))
    return files + own + tables + sum(mine) + unread * min(mine) + among


def _ended(pid: int) -> bool:
    """Whether pid has ended: reaped, or its memory given back and no thread left (a zombie, or one on its way; a
    leader whose other threads run on holds its memory: red team 60)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    except OSError:
        return False
    return "\nVmRSS:" not in text and "\nThreads:\t1\n" in text


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after its name (field 3 on, from 0), or None if it cannot be read."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _image(fields: list[str] | None) -> tuple[str, str] | None:
    """Where a process's stack and heap begin, from its stat fields: a fork keeps its parent's, a program run anew gets
    its own (Linux places them at random), so it tells the server's forks from programs a child ran."""
    return (fields[25], fields[44]) if fields is not None and len(fields) > 44 else None  # startstack, start_brk


def _rollup(pid: int) -> dict[str, int]:
    """Linux's smaps_rollup of pid, in bytes by field."""
    return {line.split(":")[0]: int(line.split()[1]) * 1024
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:] if line.endswith("kB")}


def parent(pid: int) -> int | None:
    """pid's parent as /proc says: 0 for a namespace's first process, None if it cannot be read."""
    return _stat_int(pid, 1)


def born(pid: int) -> int | None:
    """pid's start time in clock ticks since boot, as /proc says (None if it cannot be read): a pid given to another
    process starts at another time."""
    return _stat_int(pid, 19)


def dying(pid: int, start: int) -> bool:
    """Whether pid is still the process that started at start, its exit not yet done (a zombie's is, with no other
    thread left: it waits only to be reaped; a PID namespace's first process killed shows Z at once, while another of
    its threads waits for every other process of the namespace to end: red team 126's forks, not waited for, outlived
    grade.py by 50 s)."""
    fields = _stat(pid)
    return fields is not None and len(fields) > 19 and fields[19] == str(start) and (
        fields[0] != "Z" or (_int(fields, 17) or 0) > 1)


def _stat_int(pid: int, at: int) -> int | None:
    return _int(_stat(pid), at)


def _int(fields: list[str] | None, at: int) -> int | None:
    try:
        return int(fields[at]) if fields is not None else None
    except (ValueError, IndexError):
        return None


def _anonymous(pid: int | None) -> int:
    """The anonymous resident bytes of pid (0 if it cannot be read)."""
    try:
        line = next(s for s in Path(f"/proc/{pid}/status").read_text().splitlines() if s.startswith("RssAnon:"))
        return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError, StopIteration):
        return 0


class Proc(NamedTuple):
    rss: int  # resident pages
    anon: int  # of which anonymous (a process's own, or shared copy-on-write since a fork)
    tables: int  # page tables: 2 GiB for a sparse 1 TiB map that keeps almost nothing resident (red team 9)
    shmem: int = 0  # of rss, shared memory (a shared anonymous map, a mapped memfd)
    faults: int = 0  # minor page faults so far: a page of its own made since (new, or a shared one it wrote)
    image: tuple[str, str] | None = None  # where its stack and heap begin (see _image)
    parent: int | None = None  # as the look read it: a child that ends during the reads below has none to read then,
    # and all it shared with the server counted as its own (a benign child stopped past a 256 MiB cap as it ended)


def _most(name: str, default: int) -> int:
    try:
        return max(default, int(Path(f"/proc/sys/{name}").read_text()))
    except (OSError, ValueError):
        return default


# The most one socket's or pipe's buffers hold in kernel memory, in no one's resident set: twice the largest socket
# buffer a process may ask for (Linux doubles it), and the largest pipe. Red team 7 held 2.5 GiB in Unix socket
# buffers, red team 9 1.8 GiB in pipes, under a 512 MiB cap as an ordinary user (where no memory cgroup counts them).
SOCKET_HOLDS = 2 * max(_most("net/core/wmem_max", 212_992), _most("net/core/rmem_max", 212_992))
PIPE_HOLDS = _most("fs/pipe-max-size", 2**20)
# A file-watch queue (inotify, fanotify) full: its most events, about 512 bytes of kernel memory each with a long
# name (red team 15 held a GiB in 128 of them, as an ordinary user)
WATCH_HOLDS = 512 * max(_most("fs/inotify/max_queued_events", 16_384), _most("fs/fanotify/max_queued_events", 16_384))
# What one socket of a child's network namespace may hold, whether a process holds it open or not (sent through
# another socket and closed, or a connection never accepted: red team 14 held 1.6 GiB in such queues): a Unix
# stream what its peer may send, its buffer and one message more; a datagram socket that, its own messages to itself,
# and DATAGRAMS_QUEUED + 1 of one buffer each from others; a netlink socket of a process twice its receive buffer (a
# message just past a power of two takes the next one whole, where the queue books only the message: red team 91
# held 3 GiB in queues counted at 1.5), the kernel's own its buffer.
STREAM_HOLDS = 2 * SOCKET_HOLDS
DATAGRAM_HOLDS = (DATAGRAMS_QUEUED + 5) * SOCKET_HOLDS
_OWN_NETWORK = os.stat("/proc/self/ns/net").st_ino if os.path.exists("/proc/self/ns/net") else -1


def sockets(pid: int, limit: int) -> int:
    """network() of pid and its children: under a memory cgroup, which charges socket buffers but refuses a send past
    its cap instead of killing, the count (at the most) still ends a child whose sockets could hold more, as the
    runner's watch does elsewhere."""
    pids = [pid]
    with contextlib.suppress(OSError, ValueError):
        pids += _children(pid)
    return network(pids, limit)


def _children(pid: int) -> list[int]:
    """pid's children, those of every thread of it (OSError once it is gone)."""
    return [int(c) for task in os.listdir(f"/proc/{pid}/task")
            for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]


# the lists of a network namespace's sockets that hold buffers, each socket counted at SOCKET_HOLDS but the Unix
# ones (by their type): red team 46 held 1.8 GiB in 28,000 UDP sockets of datagrams held back with MSG_MORE, which a
# v1 memory cgroup charges to no one
_SOCKET_LISTS = (("unix", None), ("netlink", None), *((name, SOCKET_HOLDS) for name in (
    "udp", "udp6", "udplite", "udplite6", "tcp", "tcp6", "raw", "raw6", "icmp", "icmp6", "packet")))


def network(pids, limit: int) -> int:
    """The most the sockets of the network namespaces of pids can hold, read from each namespace's lists until they
    pass limit; the machine's namespace is left out (its sockets are counted by descriptor)."""
    spaces, total = {}, 0
    for pid in pids:  # the first of a child's processes (its keeper) may be in the machine's namespace
        with contextlib.suppress(OSError):
            spaces.setdefault(os.stat(f"/proc/{pid}/ns/net").st_ino, pid)
    spaces.pop(_OWN_NETWORK, None)
    for pid in spaces.values():
        for name, holds in _SOCKET_LISTS:
            try:
                with open(f"/proc/{pid}/net/{name}", "rb") as f:
                    next(f, None)  # the header
                    for line in f:
                        fields = line.split() if holds is None else ()
                        if name == "netlink":  # sk Eth Pid ...: a process's (Pid not 0) at twice its buffer
                            total += SOCKET_HOLDS * (1 if len(fields) > 2 and fields[2] == b"0" else 2)
                        elif holds is None:  # Num RefCount Protocol Flags Type St Inode Path: 0002 is SOCK_DGRAM
                            total += DATAGRAM_HOLDS if len(fields) > 4 and fields[4] == b"0002" else STREAM_HOLDS
                        else:
                            total += holds
                        if total > limit:
                            return total
            except OSError:
                pass
    return total


# An epoll watch's kernel memory (an epitem and its wait entry, about 200 bytes), and the most a user may have
EPOLL_WATCH_HOLDS, EPOLL_WATCHES = 256, _most("fs/epoll/max_user_watches", 1 << 20)
# The most a child may hold: the user's count is the user's as a whole, and red team 106's child took all 5.5 million,
# as an ordinary user, so that the user's other programs could not use epoll (asyncio) while it ran (a torch process
# holds none or a few)
EPOLL_WATCH_LIMIT = max(4096, EPOLL_WATCHES // 64)
FILES_LIMIT = 65_536  # open files a child may hold while the machine runs short of them (a torch process: ~3,000)


def _epoll_holds(key: tuple[int, int]) -> int:
    """What the epoll instance behind a descriptor holds: its watches, one `tfd:` line each of its fdinfo (red team
    13 held about a GiB in them as an ordinary user); past a MiB of lines, the most a user may have."""
    try:
        with open(f"/proc/{key[0]}/fdinfo/{key[1]}", "rb") as f:
            data = f.read(2**20)
    except OSError:
        return 0
    watches = EPOLL_WATCHES if len(data) >= 2**20 else data.count(b"\ntfd:")
    return watches * EPOLL_WATCH_HOLDS


# A descriptor open on a /proc file keeps the kernel buffer of its last read, which holds one record whole: an epoll's
# or inotify's fdinfo lists every watch (about 100 bytes each; 192,000 inotify watches a user make 32 MiB). Red team
# 33 held 1.8 GiB in 1,920 opens of one epoll's fdinfo, read once each, as an ordinary user; each counts at the most
# an inotify's fdinfo takes, or at what the child's largest epoll holds (its fdinfo's buffer holds less)
PROC_FILE_HOLDS = 1 << max(_most("fs/inotify/max_user_watches", 8192) * 128 - 1, 1).bit_length()


# A descriptor open on a /sys file keeps the kernel buffer of its last read too: a page for an attribute, a few for a
# cgroup's statistics. Red team 40 held 1.1 GiB in 244,000 opens of one attribute, read once each, as an ordinary
# user (no cgroup charges it then)
SYS_FILE_HOLDS = 16 * 1024
# A descriptor open on a directory keeps what its reads cached of a directory block (ext4's hashed directories: ~10
# KiB for /usr/bin's), in kernel memory that no memory cgroup is charged: red team 85 held 2 GiB in 200,000 opens of
# /usr/bin, one entry read from each, under a 1 GiB cap
DIR_HOLDS = 16 * 1024


# A memfd file that a child only maps, its descriptor closed: the mapping shows what was touched through it, the
# file holds all that was written, up to the file-size limit; its size cannot be read but as root
MAPPED_MEMFD_HOLDS = OUTPUT_LIMIT


# A memory map's area in kernel memory (its vm_area_struct and its place in the maple tree, its anon_vma and a link
# to it), in no resident set: red team 19 held 3 GiB in 62,000 areas copied into 220 forks, as an ordinary user. A
# fork links each anonymous area to its parent's anon_vma too, so an area k forks deep holds k more links: red team
# 70's chain of 87 forks held 1.4 GiB of links behind 3,000 areas a process
AREA_HOLDS = 384
LINK_HOLDS = 64  # an anon_vma_chain, for each process above in the child's tree


def _has_memory(pid: int) -> bool:
    """Whether pid is a live process that holds memory (no zombie, not exiting: /proc's status shows its VmRSS)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nVmRSS:" in status and "\nState:\tZ" not in status and "\nState:\tX" not in status


MAPS_READ = 64 << 20  # bytes of a process's memory map read at most: a real one is a few hundred KiB
_LINE = 1024  # a memfd's line is shorter (its name is at most 249 bytes); a longer one is kept no further


def machine_files() -> tuple[int, int] | None:
    """(open files the machine holds, the most it may: fs.file-max), or None where Linux does not say."""
    try:
        with open("/proc/sys/fs/file-nr", "rb") as f:
            held = int(f.read().split()[0])
        with open("/proc/sys/fs/file-max", "rb") as f:
            return held, int(f.read())
    except (OSError, ValueError, IndexError):
        return None


def open_files(pid: int) -> int:
    """The open files pid and the processes below it hold, about: their descriptors, and each area of their memory
    maps backed by a file (a map keeps its file open after its descriptor is closed: red team 69 held 240,000 files
    so in 4 processes, toward the machine's file-max, past which no ordinary user's program may open a file)."""
    held, stack, seen = 0, [pid], set()
    while stack and len(seen) < 4096:
        p = stack.pop()
        seen.add(p)
        try:
            held += len(os.listdir(f"/proc/{p}/fd"))
            with open(f"/proc/{p}/maps", "rb") as f:
                held += sum(1 for line in f if b" /" in line)
            stack += [c for c in _children(p) if c not in seen]
        except (OSError, ValueError):
            continue
    return held


def _maps(pid: int) -> tuple[dict[tuple[int, int], int], int] | None:
    """(the files pid maps that no resident set shows, as (device, inode), with the most each may hold: memfd files
    and shared maps of /dev/zero (see _hidden_file); how many areas it maps, one line each), read in pieces; None for a
    map past MAPS_READ (red team 49 mapped a file 400 times under 12,000 folders: 1.2 GiB of lines, read whole twice a
    second, took the runner's memory to 2.4 GiB)."""
    found, areas, line, read = {}, 0, b"", 0
    try:
        with open(f"/proc/{pid}/maps", "rb") as f:
            while piece := f.read(1 << 20):
                read += len(piece)
                if read > MAPS_READ:
                    return None
                *whole, rest = (line + piece).split(b"\n")
                areas += len(whole)
                for key, holds in filter(None, map(_hidden_file, whole)):
                    found[key] = max(holds, found.get(key, 0))
                line = rest[:_LINE]
    except OSError:
        return {}, 0
    return found, areas


def _hidden_file(line: bytes) -> tuple[tuple[int, int], int] | None:
    """The (device, inode) of a memfd file a line of /proc/PID/maps maps, with MAPPED_MEMFD_HOLDS, or of the hidden
    file behind a shared anonymous map (Linux names it /dev/zero), with the most it may hold: its pages stay there when
    MADV_DONTNEED drops them from the map (red team 53), or when all of the map but a page is unmapped (red team 66
    held 4 GiB so). The filter made it at most SHARED_MAP_LIMIT long; one of /dev/zero opened and mapped shared could
    be any length (red team 57 held 3 GiB in one), and where a child's view of /dev/zero is /dev/full (katas/sandbox.py)
    it cannot be made: elsewhere the end of the area in it is counted, all a trimmed one shows."""
    if b" /memfd:" not in line and b" /dev/zero" not in line:
        return None
    fields = line.split(maxsplit=5)
    try:
        if b" /memfd:" in line:
            holds = MAPPED_MEMFD_HOLDS
        elif fields[1][3:4] != b"s":  # a private map of /dev/zero holds its pages in view
            return None
        else:
            start, end = (int(x, 16) for x in fields[0].split(b"-"))
            holds = max(SHARED_MAP_LIMIT, int(fields[2], 16) + end - start)
        major, minor = fields[3].split(b":")
        return (os.makedev(int(major, 16), int(minor, 16)), int(fields[4])), holds
    except (IndexError, ValueError):
        return None


class Descriptors:
    """What a child's open descriptors hold, learnt over the runner's looks, each one `spend` seconds at most: half of
    it lists descriptor tables (processes never listed taking turns with those listed longest ago, one of each at
    least: red team 88 started a process every 0.2 s whose memory maps took a look to read, and the test process,
    listed once, was never listed again, nor the memfd files it opened later), the rest reads what is
    behind descriptors, those never read taking turns with those read longest ago (a descriptor can be closed and
    another object opened in its place, and a memfd can grow). A child that holds more than one look can read, 256
    processes x 1,024 descriptors (listing and reading each take 3-8 us), is counted whole in 42 looks (21 s),
    not never: the walk once began at the same descriptors every look, and the rest hid gigabytes of memfd
    files, socket and pipe buffers. A listed process's memory maps are read too: a memfd file it maps with no
    descriptor left counts at the most it may hold, and each area it maps at AREA_HOLDS."""

    def __init__(self) -> None:
        self.listed: OrderedDict[int, set[int]] = OrderedDict()  # pid -> its descriptors, listed longest ago first
        self.unread: deque[tuple[int, int]] = deque()  # (pid, fd) listed, never read
        self.known: OrderedDict[tuple[int, int], object] = OrderedDict()  # (pid, fd) -> what, read longest ago first
        self.holders: Counter[object] = Counter()  # what -> how many known descriptors hold it
        self.sizes: dict[object, int] = {}  # what -> the bytes it holds (memfd files, sockets and pipes at the most)
        self.mapped: dict[int, dict[tuple[int, int], int]] = {}  # pid -> the hidden files it maps (_maps)
        self.areas: dict[int, int] = {}  # pid -> how many areas it maps
        self.depths: dict[int, int] = {}  # pid -> how many processes are above it in the child's tree (tree)
        # the descriptors read as epoll instances (see PROC_FILE_HOLDS), read longest ago first
        self.epolls: OrderedDict[tuple[int, int], None] = OrderedDict()
        self.hiding: Counter[int] = Counter()  # pid -> looks in a row its descriptors could not be listed (see look)
        self.leaderless: Counter[int] = Counter()  # pid -> looks in a row its main thread had ended, others not (tree)
        self.rollups: OrderedDict[int, tuple[int, int, int, int]] = OrderedDict()  # pid -> what resident() read of
        # it, read longest ago first: its own pages, anonymous ones it shares with its kin, its footprint and page
        # faults at the read

    def look(self, pids: set[int], until: float) -> int:
        """The bytes held by the distinct objects behind the descriptors of pids, as far as this look and earlier
        ones have read them."""
        self.hiding = Counter({p: n for p, n in self.hiding.items() if p in pids})
        for p in [p for p in self.listed if p not in pids]:
            self._close(p, self.listed.pop(p))
            self.mapped.pop(p, None)
            self.areas.pop(p, None)
        for n, p in enumerate(_taking_turns([p for p in pids if p not in self.listed], list(self.listed))):
            if n > 1 and time.monotonic() > until - self.READS:  # (one new and one old, whatever their cost)
                break
            try:
                fds = {int(fd) for fd in os.listdir(f"/proc/{p}/fd")}
                self.hiding.pop(p, None)
            except PermissionError:  # a process Linux made undumpable (see unreadable), or one exiting
                fds = set()
                if _has_memory(p):
                    self.hiding[p] += 1
            except (OSError, ValueError):
                fds = set()
            before = self.listed.pop(p, set())
            self.listed[p] = fds
            maps = _maps(p)
            if maps is None:  # past reading: what it maps is past knowing
                maps, self.hiding[p] = ({}, 0), 2
            self.mapped[p], self.areas[p] = maps
            self._close(p, before - fds)
            self.unread.extend((p, fd) for fd in fds - before)
        for key in list(itertools.islice(self.epolls, 16)):  # the epolls read longest ago, again: one read
            self._read(key)  # empty can be filled with thousands of watches before its turn comes round
        old = len(self.known)  # each read again at most once a look
        for turn in itertools.count():
            if not (self.unread or old) or (turn >= 64 and time.monotonic() > until):  # 64 turns even when late
                break
            if self.unread:
                key = self.unread.popleft()
                if key[1] in self.listed.get(key[0], ()) and key not in self.known:
                    self._read(key)
            if old and self.known:
                self._read(next(iter(self.known)))
                old -= 1
        only_mapped: dict[tuple[int, int], int] = {}  # no descriptor read holds them: the most a map shows
        for maps in self.mapped.values():
            for key, holds in maps.items():
                if key not in self.sizes:
                    only_mapped[key] = max(holds, only_mapped.get(key, 0))
        areas = sum(n * (AREA_HOLDS + LINK_HOLDS * self.depths.get(p, 0)) for p, n in self.areas.items())
        return sum(self.sizes.values()) + sum(only_mapped.values()) + areas

    READS = 0.05  # seconds of each look kept for reading

    @property
    def epoll_watches(self) -> int:
        """The watches of the child's epoll instances, as far as the looks have read them."""
        return sum(self.sizes.get(key, 0) for key in self.epolls) // EPOLL_WATCH_HOLDS

    @property
    def unreadable(self) -> set[int]:
        """Processes whose descriptors this user may not list, with memory of their own, on two looks in a row: Linux
        made them undumpable (a program they may run but not read: red team 46 held 2 GiB of memfd files in one), and
        what they hold is past knowing. An exiting process's descriptors are root's for a moment, its memory gone (red
        team 49: every file-import probe was stopped so). So are processes whose main thread ended while other threads
        run on, two looks in a row (a process exiting whole is such for a moment): their /proc/PID shows nothing."""
        return {p for p, n in (*self.hiding.items(), *self.leaderless.items()) if n >= 2}

    def _close(self, pid: int, fds: set[int]) -> None:
        for fd in fds:
            self._drop((pid, fd))

    def _drop(self, key: tuple[int, int]) -> None:
        what = self.known.pop(key, None)
        self.epolls.pop(key, None)
        if what is not None:
            self.holders[what] -= 1
            if not self.holders[what]:
                del self.holders[what]
                self.sizes.pop(what, None)

    def _read(self, key: tuple[int, int]) -> None:
        self._drop(key)  # read again: to the end
        path = f"/proc/{key[0]}/fd/{key[1]}"
        try:
            try:
                link = os.readlink(path)
            except OSError as e:  # a path too long to name (red team 49 held 60,000 FIFOs under one: 531 MiB,
                if e.errno != errno.ENAMETOOLONG:  # uncounted) is read as what it is, below
                    raise
                link = ""
            if link.startswith("/memfd:"):
                st = os.stat(path)
                what, size = (st.st_dev, st.st_ino), max(st.st_blocks * 512, MEMFD_HOLDS)
            elif link.startswith("socket:"):
                what, size = link, SOCKET_HOLDS
            elif link.startswith("pipe:"):
                what, size = link, PIPE_HOLDS
            elif link in ("anon_inode:inotify", "anon_inode:[fanotify]"):  # one inode for all: each descriptor counts
                what, size = key, WATCH_HOLDS
            elif link == "anon_inode:[eventpoll]":
                what, size = key, _epoll_holds(key)
            elif link.startswith("/proc/"):
                what, size = key, max([PROC_FILE_HOLDS, *(self.sizes.get(k, 0) for k in self.epolls)])
            elif link.startswith("/sys/"):
                what, size = key, SYS_FILE_HOLDS
            else:  # a named pipe's link is its path (red team 42 filled 65,000 FIFOs in its tmpfs: 570 MiB, uncounted)
                st = os.stat(path)
                what, size = ((st.st_dev, st.st_ino), PIPE_HOLDS) if stat.S_ISFIFO(st.st_mode) else (
                    (key, DIR_HOLDS) if stat.S_ISDIR(st.st_mode) else ("file", 0))
        except OSError:
            return  # closed since it was listed
        self.known[key] = what
        self.holders[what] += 1
        self.sizes[what] = size
        if link == "anon_inode:[eventpoll]":
            self.epolls[key] = None


def _taking_turns(first: list, second: list) -> list:
    """first[0], second[0], first[1], second[1], ..., then the rest of the longer."""
    turns = [p for pair in zip(first, second, strict=False) for p in pair]
    return turns + first[len(second):] + second[len(first):]


def tree(pid: int, spend: float = 0.1, descriptors: Descriptors | None = None) -> tuple[dict[int, Proc], int, int]:
    """(pid and the processes below it with the bytes resident in each (page tables too), the bytes resident in all, the
    bytes of the distinct memfd files they hold open and the most their distinct sockets and pipes, every socket of
    pid's network namespace and the files of their private tmpfs can hold): /proc/*/status, and the descriptor tables
    for `spend` seconds at most, resumed where the child's last look stopped (memfd_create stays open to children:
    CUDA's driver needs it); 200 processes x 20,000 descriptors behind a long path once held this walk 9.5 minutes
    (red team 5, #4), and a child's process now holds at most 1,024."""
    procs, stack, resident, leaderless, depths = {}, [pid], 0, [], {pid: 0}
    until = time.monotonic() + spend
    while stack and len(procs) < 4096:
        p = stack.pop()
        procs[p] = Proc(0, 0, 0)
        try:
            text = Path(f"/proc/{p}/status").read_text()
            status = {k: int(v.split()[0]) * (1 if k == "Threads" else 1024) for k, _, v in (
                line.partition(":") for line in text.splitlines()) if k in _STATUS}
            if "\nState:\tZ" in text and status.get("Threads", 1) > 1:  # its main thread ended, its others run on:
                leaderless.append(p)  # its memory, maps and descriptors show nowhere in /proc/PID (red team 60)
            fields = _stat(p)  # once a process a look: its faults and image
            faults = int(fields[7]) if fields is not None and fields[7].isdigit() else 0
            procs[p] = Proc(status.get("VmRSS", 0) + status.get("VmSwap", 0), status.get("RssAnon", 0),
                            status.get("VmPTE", 0),
                            status.get("RssShmem", 0), faults, _image(fields), _int(fields, 1))
            resident += procs[p].rss + procs[p].tables
            kids = [c for c in _children(p) if c not in procs]
            depths.update(dict.fromkeys(kids, depths[p] + 1))
            stack += kids
        except (OSError, ValueError, IndexError):
            continue
    descriptors = descriptors if descriptors is not None else Descriptors()
    descriptors.depths = depths
    held = descriptors.look(set(procs), until) + network(procs, memory_limit()) + private_files(procs)
    descriptors.leaderless = Counter({p: descriptors.leaderless[p] + 1 for p in leaderless})  # looks in a row
    return procs, resident, held


# what tree reads of /proc/PID/status (VmSwap: pages a child pushed out to swap, madvise(MADV_PAGEOUT), are its own
# still, where no cgroup caps swap too: red team 120)
_STATUS = ("VmRSS", "RssAnon", "VmPTE", "RssShmem", "Threads", "VmSwap")


INODE_HOLDS = 1024  # kernel memory an empty tmpfs file takes, about (its inode and its name)
MEMFD_HOLDS = 1536  # an empty memfd: its inode, name, open file and their security blobs (red team 73 measured 1.2 KiB
# each: 254,000 of them, 290 MiB, counted at nothing)


def private_files(pids) -> int:
    """Bytes held by the files of the tmpfs mounts the sandbox made (source "katas": a child's private /tmp, its
    working folder, /dev) that pids see, each file system counted once, read through /proc/PID/root: a tmpfs's pages
    are in no process's resident set and, as an ordinary user, in no cgroup (red team 55 kept 256 MiB there beside
    880 MiB of anonymous memory under a 1 GiB cap)."""
    spaces, seen, total = set(), set(), 0
    for p in pids:
        try:
            space = os.readlink(f"/proc/{p}/ns/mnt")
            if space in spaces:
                continue
            spaces.add(space)
            lines = Path(f"/proc/{p}/mountinfo").read_bytes().splitlines()
        except OSError:
            continue
        for line in lines:
            left, _, right = line.partition(b" - ")
            fields, kind = left.split(), right.split()
            if len(fields) < 5 or kind[:2] != [b"tmpfs", b"katas"] or fields[2] in seen:
                continue
            with contextlib.suppress(OSError):
                st = os.statvfs(b"/proc/%d/root%s" % (p, _unescaped(fields[4])))
                seen.add(fields[2])
                total += (st.f_blocks - st.f_bfree) * st.f_frsize + (st.f_files - st.f_ffree) * INODE_HOLDS
    return total


def _unescaped(path: bytes) -> bytes:
    """A mount point as mountinfo writes it (space, tab, newline and backslash as octal escapes), as it is."""
    return re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m[1], 8)]), path)


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
    """(CPU seconds used by pid's process and the processes below it, the most seconds one of them spent waiting for
    a CPU), every thread of a process counted: /proc's stat and schedstat (no schedstat: no wait is known, and none is
    assumed). The most, not the sum: sixty processes of the child's own that wake together each wait a moment, and
    their sum read as a starved test (red team 45 slept in its test and was graded again, past the run's limit)."""
    cpu, most, stack, seen = 0.0, 0.0, [pid] if pid else [], 0
    while stack and seen < 256:
        p, seen = stack.pop(), seen + 1
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += sum(int(f) for f in fields[11:15]) / _TICKS  # utime, stime, and of its waited-for children
            wait = 0.0
            for task in os.listdir(f"/proc/{p}/task"):
                try:
                    wait += int(Path(f"/proc/{p}/task/{task}/schedstat").read_text().split()[1]) / 1e9
                except (OSError, ValueError, IndexError):
                    pass
                stack += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
            most = max(most, wait)
        except (OSError, ValueError, IndexError):
            continue
    return cpu, most


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
