"""Kernel memory a child holds outside its resident set, which no cgroup counts for an ordinary user, pinned where
the runner counts it (katas/measure.py): Unix socket buffers (red team 7: 2.5 GiB under a 512 MiB cap), page
tables (red team 9: 2 GiB for a sparse 1 TiB map that keeps almost nothing resident), pipe buffers (red team 9:
1.8 GiB in full pipes) and the queues of sockets no descriptor holds (red team 14: 1.6 GiB). (Red team 9's
io_uring fallocate: selftest/test_syscalls.py.)"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import mmap
import os
import socket
import sys
import time

import pytest
from own_namespace import in_own_user_namespace

from katas import measure, runner, sandbox

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")


@contextlib.contextmanager
def _child(*stages):
    """A forked child that runs stages one at a time, each when the parent calls go(), and holds what they made
    until the parent is done; yields (its pid, go)."""
    ask_r, ask_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            kept = []  # noqa: F841 - held until the parent has looked
            for stage in stages:
                os.read(ask_r, 1)
                kept.append(stage())
                os.write(done_w, b"1")
            os.read(ask_r, 1)
        finally:
            os._exit(0)

    def go():
        os.write(ask_w, b"1")
        assert os.read(done_r, 1) == b"1"

    try:
        yield pid, go
    finally:
        os.write(ask_w, b"1")
        os.waitpid(pid, 0)
        for fd in (ask_r, ask_w, done_r, done_w):
            os.close(fd)


def _holding(build) -> tuple[int, int]:
    """(resident bytes, bytes of files and buffers) measure.tree reads of a child that holds what build made."""
    with _child(build) as (pid, go):
        go()
        _, resident, held = measure.tree(pid, spend=5.0)
        return resident, held


def _sparse_map():
    m = mmap.mmap(-1, 64 << 30, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | 0x4000, prot=mmap.PROT_READ)
    m.madvise(mmap.MADV_NOHUGEPAGE)
    for i in range(0, len(m), 2 << 20):  # the zero page: nothing resident, one page table each
        m[i]
    return m


@LINUX
def test_page_tables_count_towards_a_childs_memory():
    resident, _ = _holding(_sparse_map)
    nothing, _ = _holding(lambda: None)  # this process's pages, shared with the child
    assert resident - nothing >= 100 << 20, (resident, nothing)  # 64 GiB / 2 MiB x 4 KiB = 128 MiB of page tables


@LINUX
def test_pipes_a_child_holds_count_towards_its_memory():
    _, held = _holding(lambda: [os.pipe() for _ in range(50)])
    assert held >= 50 * measure.PIPE_HOLDS, held  # 100 descriptors: 50 distinct pipes


def _named_pipes():
    """30 FIFOs, each opened read-write twice: a FIFO's link in /proc is its path, not pipe:[...] (red team 42 held
    570 MiB in 65,000 of them, counted as nothing)."""
    import tempfile

    folder = tempfile.mkdtemp()
    opened = []
    for i in range(30):
        os.mkfifo(f"{folder}/fifo{i}")
        opened += [os.open(f"{folder}/fifo{i}", os.O_RDWR | os.O_NONBLOCK) for _ in range(2)]
        os.unlink(f"{folder}/fifo{i}")  # open, it is still a FIFO, with "(deleted)" after its path
    os.rmdir(folder)
    return opened


@LINUX
def test_named_pipes_a_child_holds_count_towards_its_memory():
    _, held = _holding(_named_pipes)
    assert held >= 30 * measure.PIPE_HOLDS, held  # 60 descriptors: 30 distinct FIFOs


@LINUX
def test_named_pipes_under_a_path_too_long_to_name_count_too(tmp_path):
    """Red team 49 held 60,000 FIFOs under a path longer than 4,096 bytes: reading their /proc link fails
    (ENAMETOOLONG), and each was taken for a descriptor closed since it was listed (531 MiB, uncounted)."""
    def deep_pipes():
        os.chdir(tmp_path)
        for _ in range(20):
            os.mkdir("d" * 250)
            os.chdir("d" * 250)
        opened = []
        for i in range(10):
            os.mkfifo(f"f{i}")
            opened.append(os.open(f"f{i}", os.O_RDWR | os.O_NONBLOCK))
        return opened

    _, held = _holding(deep_pipes)
    assert held >= 10 * measure.PIPE_HOLDS, held


@LINUX
def test_a_shared_anonymous_map_counts_at_the_most_it_may_hold():
    """Red team 53: pages of a shared anonymous map dropped from it with MADV_DONTNEED stay in its hidden file, in no
    resident set; the map counts at the most one may hold (the filter's SHARED_MAP_LIMIT)."""
    def shared():
        m = mmap.mmap(-1, 64 << 20, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
        m.write(b"\1" * (64 << 20))
        m.madvise(mmap.MADV_DONTNEED)
        return m

    _, held = _holding(shared)
    assert held >= 64 << 20, held


@LINUX
def test_a_shared_map_of_dev_zero_counts_at_its_length():
    """Red team 57: /dev/zero opened and mapped shared (no MAP_ANONYMOUS: the filter's cap does not see it) is the
    same hidden file, 3 GiB of it dropped with MADV_DONTNEED; such a map counts at its length, touched or not."""
    def shared():
        with open("/dev/zero", "r+b") as zero:
            m = mmap.mmap(zero.fileno(), 256 << 20, flags=mmap.MAP_SHARED)
        m[: 1 << 20] = b"\1" * (1 << 20)
        m.madvise(mmap.MADV_DONTNEED)
        return m

    _, held = _holding(shared)
    assert held >= 256 << 20, held


def _full_socketpairs():
    pairs = [socket.socketpair() for _ in range(100)]
    for a, _ in pairs:
        a.setblocking(False)
        try:
            while True:
                a.send(b"\0" * 65536)
        except OSError:  # full
            pass
    return pairs


@LINUX
def test_sockets_a_child_holds_count_towards_its_memory():
    _, held = _holding(_full_socketpairs)
    assert held >= 200 * measure.SOCKET_HOLDS, held
    assert measure.SOCKET_HOLDS >= 2 * 212_992


def _queues_held_by_no_descriptor():
    """In a network namespace of its own: 20 full stream pairs and a listener with 4 connections never accepted
    (each sent a full buffer, then closed), all sent in flight through a datagram pair and closed; only the pair's
    receiving end stays open (red team 14's 1.6 GiB, as an ordinary user)."""
    import ctypes

    flags = 0x40000000 | (0 if os.getuid() == 0 else 0x10000000)  # CLONE_NEWNET, and CLONE_NEWUSER when not root
    assert ctypes.CDLL(None, use_errno=True).unshare(flags) == 0, os.strerror(ctypes.get_errno())
    carrier, kept = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(b"\0queues")
    listener.listen(8)
    made = [*(socket.socketpair() for _ in range(20)), *((socket.socket(socket.AF_UNIX), None) for _ in range(4))]
    for a, b in made:
        if b is None:
            a.connect(b"\0queues")
        a.setblocking(False)
        with contextlib.suppress(OSError):
            while True:
                a.send(b"\0" * 65536)
        for s in (a, b) if b is not None else (a,):
            carrier.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, bytes(memoryview(
                (ctypes.c_int * 1)(s.fileno())).cast("B")))])
            s.close()
    for s in (listener, carrier):
        if s is listener:
            carrier.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, bytes(memoryview(
                (ctypes.c_int * 1)(s.fileno())).cast("B")))])
        s.close()
    return kept


@LINUX
def test_queues_no_descriptor_holds_count_from_the_childs_network_namespace():
    with _child(_queues_held_by_no_descriptor) as (pid, go):
        go()
        assert measure.Descriptors().look({pid}, 1e18) <= 2 * measure.SOCKET_HOLDS  # one socket, a few pipes
        _, _, held = measure.tree(pid, spend=5.0)
    # 20 pairs' 40 ends, the listener, its 4 connections and their 4 accepting ends, the datagram pair
    assert held >= 48 * measure.STREAM_HOLDS + 2 * measure.DATAGRAM_HOLDS, held
    assert measure.network([os.getpid()], 1 << 62) == 0  # the machine's namespace: counted by descriptor


def _datagrams_held_back():
    """In a network namespace of its own (its loopback down): 40 UDP sockets each holding datagrams back with
    MSG_MORE, sent to 0.0.0.0 (red team 46: 28,000 of them held 1.8 GiB that a v1 memory cgroup charged to no one)."""
    import ctypes

    flags = 0x40000000 | (0 if os.getuid() == 0 else 0x10000000)  # CLONE_NEWNET, and CLONE_NEWUSER when not root
    assert ctypes.CDLL(None, use_errno=True).unshare(flags) == 0, os.strerror(ctypes.get_errno())
    held = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(40)]
    for s in held:
        with contextlib.suppress(OSError):
            s.sendto(b"\0" * 60_000, socket.MSG_MORE, ("0.0.0.0", 9))
    return held


@LINUX
def test_ip_sockets_count_from_the_childs_network_namespace():
    with _child(_datagrams_held_back) as (pid, go):
        go()
        assert measure.sockets(pid, 1 << 62) >= 40 * measure.SOCKET_HOLDS


def _netlink_sockets():
    """In a network namespace of its own: 10 netlink sockets (red team 91 filled their queues with messages just past
    a power of two, which take twice what the queue books: 3 GiB counted at 1.5)."""
    flags = 0x40000000 | (0 if os.getuid() == 0 else 0x10000000)  # CLONE_NEWNET, and CLONE_NEWUSER when not root
    assert ctypes.CDLL(None, use_errno=True).unshare(flags) == 0, os.strerror(ctypes.get_errno())
    held = [socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 2) for _ in range(10)]  # NETLINK_USERSOCK
    for s in held:
        s.bind((0, 0))  # (listed once bound: the kernel picks its port)
    return held


@LINUX
def test_a_netlink_socket_counts_at_twice_its_buffer():
    with _child(_netlink_sockets) as (pid, go):
        go()
        with open(f"/proc/{pid}/net/netlink") as f:
            listed = len(f.readlines()) - 1  # ours and the kernel's, past the header
        assert listed >= 10 and measure.sockets(pid, 1 << 62) >= (listed + 10) * measure.SOCKET_HOLDS  # ours twice


def _private_tmpfs_files():
    """Red team 55: files in the child's private tmpfs, in no resident set and (as an ordinary user) no cgroup; the
    tmpfs bound a second time, as the sandbox binds it over /dev/shm."""
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    assert libc.unshare(0x00020000 | (0x10000000 if uid else 0)) == 0  # CLONE_NEWNS, CLONE_NEWUSER
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")) if uid else ():
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)
    assert libc.mount(b"none", b"/", None, 0x4000 | 0x40000, None) == 0  # MS_REC | MS_PRIVATE
    assert libc.mount(b"katas", b"/tmp", b"tmpfs", 0, b"size=64m") == 0
    os.mkdir("/tmp/a b")
    assert libc.mount(b"/tmp", b"/tmp/a b", None, 4096, None) == 0  # MS_BIND, under a name mountinfo escapes
    with open("/tmp/held", "wb") as f:
        f.write(b"1" * (32 << 20))


@LINUX
def test_files_of_a_childs_private_tmpfs_count_once():
    with _child(_private_tmpfs_files) as (pid, go):
        go()
        assert 32 << 20 <= measure.private_files([pid]) < 33 << 20
        assert measure.tree(pid, spend=5.0)[2] >= 32 << 20


def _program_behind_forks():
    """Red team 51: a program run anew holding 64 MiB of its own, behind ten forks of this process, whose anonymous
    memory (shared with it) is larger: the reads of private memory took the forks first and never reached it."""
    import signal
    import subprocess

    held = subprocess.Popen([sys.executable, "-c", "import sys, time; b = bytearray(64 << 20); b[::4096] = b'1' * "
                             "(len(b) // 4096); print(1, flush=True); time.sleep(600)"], stdout=subprocess.PIPE,
                            preexec_fn=lambda: __import__("ctypes").CDLL(None).prctl(1, signal.SIGKILL))
    held.stdout.readline()
    return held, [_fork_held() for _ in range(10)]


def _fork_held(work=lambda: None) -> int:
    """A fork that does work() and then waits, holding what it made, until its parent dies."""
    import signal

    pid = os.fork()
    if pid == 0:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        kept = work()  # noqa: F841 - held
        signal.pause()
    return pid


@LINUX
def test_a_program_run_anew_counts_whole_behind_forks(monkeypatch):
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(16 * 2**20))  # past it: each process's own pages are read
    with _child(_program_behind_forks) as (pid, go):
        go()
        assert measure.resident(pid, spend=0.0) >= 64 * 2**20


def _decoys_and_holders(later: int | None = None):
    """Red team 57: forks that share a region written before they forked (each looks large, owns little), and a few
    that drop it and fill memory of their own (each looks smaller): the reads took the large ones first, every look,
    and never reached these. With a pipe `later`, the holders wait for a byte each, then write the region they share
    (copies of their own, with no growth in their resident pages to show it)."""
    region = mmap.mmap(-1, 64 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    region.write(b"\1" * (64 << 20))

    def new_pages():
        region.close()
        own = mmap.mmap(-1, 48 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        own.write(b"\2" * (48 << 20))
        return own

    def shared_pages_written_later():
        os.read(later, 1)
        region.seek(0)
        region.write(b"\2" * (64 << 20))

    holder = new_pages if later is None else shared_pages_written_later
    forks = [_fork_held() for _ in range(10)] + [_fork_held(holder) for _ in range(3)]
    time.sleep(0.5)  # the holders' pages are written
    return region, forks


@LINUX
def test_processes_that_hide_behind_larger_forks_are_read_in_later_looks(monkeypatch):
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(16 * 2**20))  # past it: each process's own pages are read
    with _child(_decoys_and_holders) as (pid, go):
        go()
        looks, seen = measure.Descriptors(), 0
        for _ in range(16):  # a read a look (spend 0): 14 processes
            seen = max(seen, measure.resident(pid, spend=0.0, descriptors=looks))
        assert seen >= 3 * 48 * 2**20, seen >> 20


@LINUX
def test_a_process_that_writes_shared_pages_after_its_read_is_read_again_first(monkeypatch):
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(16 * 2**20))
    later, now = os.pipe()
    with _child(lambda: _decoys_and_holders(later)) as (pid, go):
        go()
        looks = measure.Descriptors()
        for _ in range(16):  # every process read once, the holders' copies not written yet
            before = measure.resident(pid, spend=0.0, descriptors=looks)
        os.write(now, b"123")
        time.sleep(0.5)
        seen = max(measure.resident(pid, spend=0.0, descriptors=looks) for _ in range(4))  # 3 holders, a look each
        assert seen >= before + 3 * 48 * 2**20, (before >> 20, seen >> 20)
    os.close(later)
    os.close(now)


def _leaderless():
    """Red team 60: a process whose main thread ended (SYS_exit, that thread alone) while another runs on: its
    /proc/PID shows no memory, map or descriptor, while the other thread holds them all."""
    import threading

    def main_thread_ends():
        threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
        ctypes.CDLL(None).syscall({"x86_64": 60, "aarch64": 93}[os.uname().machine], 0)  # exit, this thread only

    pid = _fork_held(main_thread_ends)
    time.sleep(0.3)
    return pid


@LINUX
def test_a_process_whose_main_thread_ended_while_others_run_is_past_measuring():
    with _child(_leaderless) as (pid, go):
        go()
        looks = measure.Descriptors()
        measure.tree(pid, descriptors=looks)
        assert not looks.unreadable  # one look: it may be a process exiting whole
        measure.tree(pid, descriptors=looks)
        assert len(looks.unreadable) == 1, looks.leaderless
        assert not measure.Descriptors().unreadable


def _shared_by_two():
    """64 MiB of a shared anonymous map, touched by this process and by a child it forked: each page is shared, in
    neither's Private_* (red team 15 held 2.5 GiB so, past a 1 GiB cap)."""
    import ctypes
    import signal

    size = 64 * 2**20
    m = mmap.mmap(-1, size)
    m.write(b"\1" * size)
    ready_r, ready_w = os.pipe()
    if os.fork() == 0:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: it ends with this child
        sum(m[i] for i in range(0, size, 4096))
        os.write(ready_w, b"1")
        signal.pause()
    os.read(ready_r, 1)
    return m


@LINUX
def test_shared_memory_two_processes_map_counts_once(monkeypatch):
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(16 * 2**20))  # past it: each process's own pages are read
    with _child(_shared_by_two) as (pid, go):
        go()
        assert measure.resident(pid, spend=5.0) >= 64 * 2**20


def _shared_copy_on_write_by_forks(size: int):
    """size bytes written, then held by two forks of the child that sleep: every page shared by three of its
    processes, private to none."""
    block = bytearray(b"\1" * size)
    holders = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            os.read(os.open(os.devnull, os.O_RDONLY), 1)  # (returns at once: sleep below)
            import time

            time.sleep(60)
            os._exit(0)
        holders.append(pid)
    return block, holders


@LINUX
def test_pages_a_childs_own_processes_share_copy_on_write_count(monkeypatch):
    """Red team 25, as an ordinary user: 3 GiB under a 1 GiB cap as pages that a chain of its own forks all shared
    (Shared_Dirty in each, private to none). Their share of anonymous memory counts, less what they may share with
    the process that forked the child (here this test, the server in a grading)."""
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(16 * 2**20))  # past it: each process's own pages are read
    inherited = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("RssAnon:"))
    # (what the count leaves out: all the child could share with this process)
    with _child(lambda: _shared_copy_on_write_by_forks(inherited + 96 * 2**20)) as (pid, go):
        go()
        try:
            assert measure.resident(pid, spend=5.0) >= 64 * 2**20
        finally:
            for child in [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]:
                os.kill(child, 9)


def _empty_memfds():
    return [os.memfd_create("katas-empty") for _ in range(500)]


@LINUX
def test_an_empty_memfd_counts_its_kernel_objects(monkeypatch):
    """Red team 73: 254,000 empty memfds held 290 MiB of inodes, names and open files, counted at nothing (their
    size, 0)."""
    with _child(_empty_memfds) as (pid, go):
        go()
        held = {}
        for each in (0, measure.MEMFD_HOLDS):
            monkeypatch.setattr(measure, "MEMFD_HOLDS", each)
            held[each] = measure.tree(pid, spend=5.0, descriptors=measure.Descriptors())[2]
    assert held[measure.MEMFD_HOLDS] - held[0] >= 500 * measure.MEMFD_HOLDS, held


def _chain_of_forks(depth: int, areas: int):
    """areas one-page anonymous maps, then a chain of depth forks below, each waiting on the next; returns once the
    deepest runs."""
    maps = [mmap.mmap(-1, 4096) for _ in range(areas)]
    for m in maps:
        m[0] = 1
    ready_r, ready_w = os.pipe()
    if os.fork() == 0:
        for _ in range(depth - 1):
            if os.fork() != 0:
                os.wait()
                os._exit(0)
        os.write(ready_w, b"x")
        time.sleep(60)
        os._exit(0)
    os.read(ready_r, 1)
    return maps


@LINUX
def test_an_area_counts_the_links_a_chain_of_forks_makes(monkeypatch):
    """Red team 70: in a process k forks deep each anonymous area is linked to k anon_vmas above it: 87 forks
    deep, 1.4 GiB of links behind 3,000 areas a process. An area counts LINK_HOLDS for each process above."""
    with _child(lambda: _chain_of_forks(8, 2000)) as (pid, go):
        go()
        held = {}
        for links in (0, measure.LINK_HOLDS):
            monkeypatch.setattr(measure, "LINK_HOLDS", links)
            held[links] = measure.tree(pid, spend=5.0)[2]
    # the 2,000 areas in processes 1 to 8 deep below the child: 36 links each, at least
    assert held[measure.LINK_HOLDS] - held[0] >= 2000 * 36 * 64, held


def _memfd_only_mapped(keep_descriptor: bool):
    def build():
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
        fd = os.memfd_create("katas-mapped")
        os.write(fd, b"\1" * (32 * 2**20))
        address = libc.mmap(None, 4096, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)  # (Python's mmap keeps a descriptor)
        if not keep_descriptor:
            os.close(fd)
        return address

    return build


@LINUX
def test_a_memfd_only_mapped_counts_at_the_most_it_holds_and_once():
    _, held = _holding(_memfd_only_mapped(keep_descriptor=False))
    assert held >= measure.MAPPED_MEMFD_HOLDS, held
    _, held = _holding(_memfd_only_mapped(keep_descriptor=True))  # its descriptor read: its size, once
    assert 32 * 2**20 <= held < measure.MAPPED_MEMFD_HOLDS + 32 * 2**20, held


def _many_areas():
    """20,000 areas of one map: every other page made unreadable (red team 19: 62,000 copied into 220 forks)."""
    m = mmap.mmap(-1, 20_000 * 2 * 4096)
    base = ctypes.addressof(ctypes.c_char.from_buffer(m))
    libc = ctypes.CDLL(None)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    for i in range(20_000):
        libc.mprotect(base + 2 * i * 4096, 4096, 0)  # PROT_NONE
    return m


@LINUX
def test_the_areas_of_a_childs_maps_count():
    _, held = _holding(_many_areas)
    assert held >= 20_000 * 2 * measure.AREA_HOLDS * 0.9, held


def _epoll_watches():
    import select

    events = [os.eventfd(0) for _ in range(200)]  # count nothing themselves
    polls = [select.epoll() for _ in range(20)]
    for poll in polls:
        for fd in events:
            poll.register(fd)
    return events, polls


@LINUX
def test_epoll_watches_count():
    """Red team 13: watches held about a GiB of kernel memory as an ordinary user."""
    _, held = _holding(_epoll_watches)
    assert 20 * 200 * measure.EPOLL_WATCH_HOLDS <= held < 20 * 200 * measure.EPOLL_WATCH_HOLDS + 8 * measure.PIPE_HOLDS


def _fdinfo_opens():
    """An epoll of 2,000 watches, and 16 descriptors of its fdinfo, each read once: each keeps a kernel buffer that
    holds the whole list (red team 33 held 1.8 GiB in 1,920 such opens)."""
    import select

    events = [os.eventfd(0) for _ in range(2000)]
    poll = select.epoll()
    for fd in events:
        poll.register(fd)
    opened = [os.open(f"/proc/self/fdinfo/{poll.fileno()}", os.O_RDONLY) for _ in range(16)]
    for fd in opened:
        os.read(fd, 1)
    return events, poll, opened


@LINUX
def test_descriptors_of_proc_files_count():
    _, held = _holding(_fdinfo_opens)
    assert held >= 16 * measure.PROC_FILE_HOLDS + 2000 * measure.EPOLL_WATCH_HOLDS, held


def _sys_file_opens():
    """64 descriptors of a /sys attribute, each read once: each keeps a page of kernel buffer (red team 40 held 1.1 GiB
    in 244,000 such opens as an ordinary user)."""
    opened = [os.open("/sys/kernel/mm/transparent_hugepage/enabled", os.O_RDONLY) for _ in range(64)]
    for fd in opened:
        os.read(fd, 1)
    return opened


@pytest.mark.skipif(not os.path.exists("/sys/kernel/mm/transparent_hugepage/enabled"), reason="no such attribute")
@LINUX
def test_descriptors_of_sys_files_count():
    _, held = _holding(_sys_file_opens)
    assert held >= 64 * measure.SYS_FILE_HOLDS, held


def _directory_opens():
    """64 descriptors of a directory, one entry read from each: each keeps what it read of a directory block (red team
    85 held 2 GiB in 200,000 opens of /usr/bin, uncharged)."""
    opened = [os.open("/usr/bin", os.O_RDONLY | os.O_DIRECTORY) for _ in range(64)]
    for fd in opened:
        next(iter(os.scandir(fd)), None)
    return opened


@LINUX
def test_descriptors_of_directories_count():
    _, held = _holding(_directory_opens)
    assert held >= 64 * measure.DIR_HOLDS, held


def _watch_queues():
    import ctypes

    return [ctypes.CDLL(None).inotify_init1(0) for _ in range(4)]


@LINUX
def test_file_watch_queues_count_and_a_childs_user_namespace_has_few():
    """Red team 15: 128 inotify queues full of long names held a GiB as an ordinary user."""
    _, held = _holding(_watch_queues)
    assert held >= 4 * measure.WATCH_HOLDS, held
    held, made = in_own_user_namespace(_watch_limits)  # as the sandbox does in a user namespace of the child's own
    assert (held, made) == (["file watch limits"], sandbox.WATCH_LIMITS["max_inotify_instances"]), (held, made)


def _watch_limits():
    walls = sandbox.Walls()
    sandbox._write_limits(walls, "user", sandbox.WATCH_LIMITS, "file watch limits")
    return walls.held, sum(ctypes.CDLL(None).inotify_init1(0) >= 0 for _ in range(12))


def _looks_until(pid: int, enough: int, descriptors: measure.Descriptors, looks: int = 400) -> int:
    """How many short looks, each resumed where the last stopped, measure.tree takes to count `enough` bytes of pid's
    (looks + 1: never)."""
    for n in range(1, looks + 1):
        if measure.tree(pid, spend=0.0, descriptors=descriptors)[2] >= enough:
            return n
    return looks + 1


@LINUX
def test_descriptors_past_one_look_are_counted_by_later_looks():
    """A look reads at most what its time allows (here 64 descriptors): the memfd behind 3,000 plain descriptors is
    found by later looks, and so is one put in place of a descriptor already read (dup2 over it)."""
    held: dict[str, list] = {}

    def hide():
        plain = os.open(os.devnull, os.O_RDONLY)
        held["first"] = [os.dup(plain) for _ in range(3000)]
        hidden = os.memfd_create("hidden")
        os.write(hidden, b"\1" * (8 << 20))

    def swap():
        swapped = os.memfd_create("swapped")
        os.write(swapped, b"\1" * (32 << 20))
        os.dup2(swapped, held["first"][1500])
        os.close(swapped)

    with _child(hide, swap) as (pid, go):
        go()
        assert _looks_until(pid, 8 << 20, measure.Descriptors()) <= 200
        descriptors = measure.Descriptors()
        assert _looks_until(pid, 8 << 20, descriptors, looks=10_000) <= 10_000  # every descriptor read once...
        go()  # ...so the one swapped now is known as a plain file
        assert _looks_until(pid, 40 << 20, descriptors) <= 400, "the memfd put in place of a read descriptor was " \
            "never counted"


def test_processes_new_at_every_look_leave_the_others_listed_again(monkeypatch):
    """Red team 88 started a process every 0.2 s whose memory maps took a whole look to read: the test process, listed
    once, was never listed again, and 1.8 GiB of memfd files it opened later went uncounted (no cgroup)."""
    me, real = os.getpid(), measure._maps

    def maps(pid):
        if pid != me:  # a new process's maps, slow to read
            time.sleep(0.15)
            return {}, 0
        return real(pid)

    monkeypatch.setattr(measure, "_maps", maps)
    seen, decoys = measure.Descriptors(), itertools.count(10**7)  # pids past any pid_max: no process has them
    seen.look({me}, time.monotonic() + 0.1)
    made = os.memfd_create("later")
    later = os.dup2(made, 900)  # at a number no listing saw
    os.close(made)
    try:
        os.write(later, b"\1" * (8 << 20))
        held = [seen.look({me, next(decoys), next(decoys)}, time.monotonic() + 0.1) for _ in range(3)]
        assert max(held) >= 8 << 20, held
    finally:
        os.close(later)


def _unlistable(monkeypatch, pid: int) -> None:
    """pid's descriptors refused to the runner, as Linux refuses an undumpable process's."""
    real = os.listdir

    def listdir(path):
        if path == f"/proc/{pid}/fd":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)


def test_a_process_whose_descriptors_may_not_be_listed_is_stopped(monkeypatch):
    """Red team 46 ran a copy of Python it may execute but not read: Linux made it undumpable, its descriptors
    unlistable to the runner of the same user, and 2 GiB of memfd files in it went uncounted. Such a process stops
    its child, saying why."""
    _unlistable(monkeypatch, os.getpid())
    seen = measure.Descriptors()
    seen.look({os.getpid()}, time.monotonic() + 0.1)
    assert not seen.unreadable  # once may be a process exiting, whose descriptors are root's for a moment
    seen.look({os.getpid()}, time.monotonic() + 0.1)
    assert seen.unreadable == {os.getpid()}
    seen.look(set(), time.monotonic() + 0.1)  # gone: no longer held against the child
    assert not seen.unreadable
    en, zh = runner._death(None, "unmeasured", None, False)
    assert en.startswith("your code hid its memory from the grader") and zh


def test_a_process_exiting_or_a_zombie_is_no_process_hiding(monkeypatch):
    """Red team 49: while a process exits, or as a zombie, its descriptors are root's; the stop for a process that
    hides them took every file-import probe for one, as an ordinary user."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    time.sleep(0.2)  # a zombie now: not reaped
    _unlistable(monkeypatch, pid)
    try:
        seen = measure.Descriptors()
        for _ in range(3):
            seen.look({pid}, time.monotonic() + 0.1)
        assert not seen.unreadable
    finally:
        os.waitpid(pid, 0)


def test_a_memory_map_too_long_to_read_is_read_no_further(monkeypatch):
    """Red team 49 mapped a file 400 times under 12,000 folders of 250-letter names: 1.2 GiB of /proc/PID/maps, read
    whole twice a second, took the runner's memory to 2.4 GiB. A map is read in pieces, at most MAPS_READ bytes; past
    that, its process hides what it holds."""
    monkeypatch.setattr(measure, "MAPS_READ", 4096)
    assert measure._maps(os.getpid()) is None
    monkeypatch.setattr(measure, "MAPS_READ", 64 << 20)
    memfds, areas = measure._maps(os.getpid())
    assert areas == sum(1 for _ in open(f"/proc/{os.getpid()}/maps", "rb"))


def test_each_process_is_read_again_within_as_many_looks_as_there_are_processes(monkeypatch):
    """Red team 63: pages written from another process (a clone sharing the memory) fault there, not in the process
    that holds them: 6 such behind 12 busy forks were never read again. The one read longest ago goes second."""
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(1))
    procs = {p: measure.Proc(1 << 20, 1 << 20, 0, 0, 0, ("stack", "heap")) for p in (0, 1, 2, 3, 4)}  # 3, 4 fault
    monkeypatch.setattr(measure, "tree", lambda *a, **k: (procs, 3 << 20, 0))
    read = []

    def rollup(pid):
        read.append(pid)
        for busy in (3, 4):
            procs[busy] = procs[busy]._replace(faults=procs[busy].faults + 100)
        time.sleep(0.03)
        return {"Private_Dirty": 1 << 20}

    monkeypatch.setattr(measure, "_rollup", rollup)
    looks = measure.Descriptors()
    for _ in range(8):
        measure.resident(0, spend=0.04, descriptors=looks)  # two reads a look
    assert {1, 2} <= set(read[-8:]), read


def test_under_a_cgroup_what_it_charges_and_the_sockets_add_up(monkeypatch):
    """Red team 91: under a v1 memory cgroup, which charges no socket buffer, 900 MiB charged and 1.7 GiB of netlink
    queues passed a 1 GiB cap, each compared with it alone."""
    monkeypatch.setattr(measure, "memory_limit", lambda: 1 << 30)
    monkeypatch.setattr(measure, "charged", lambda pid: 900 << 20)
    monkeypatch.setattr(measure, "sockets", lambda pid, limit: 200 << 20)
    assert measure.over_memory(os.getpid(), measure.Descriptors())
    monkeypatch.setattr(measure, "sockets", lambda pid, limit: 100 << 20)
    assert not measure.over_memory(os.getpid(), measure.Descriptors())


def _ended_child(reaped: bool) -> int:
    """A child of this process that has exited: reaped (gone from /proc) or a zombie."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    if reaped:
        os.waitpid(pid, 0)
    else:
        while "\nState:\tZ" not in open(f"/proc/{pid}/status").read():
            time.sleep(0.01)
    return pid


@pytest.mark.parametrize("reaped", [True, False], ids=["reaped", "zombie"])
def test_a_child_that_ends_during_the_look_holds_nothing(monkeypatch, reaped):
    """A benign child that ended between the look at its processes and the reads of their pages counted all it held at
    the look as its own (the golden memory_hog's `scale`, stopped past a 256 MiB cap as it ended, on a busy machine)."""
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(100 << 20))
    pid = _ended_child(reaped)
    try:
        procs = {pid: measure.Proc(300 << 20, 295 << 20, 0, 0, 0, ("stack", "heap"), os.getpid())}
        monkeypatch.setattr(measure, "tree", lambda *a, **k: (procs, 300 << 20, 0))
        assert measure.resident(pid, descriptors=measure.Descriptors()) < 100 << 20
    finally:
        if not reaped:
            os.waitpid(pid, 0)


def test_what_a_child_shares_with_the_server_it_was_forked_from_is_not_its_own(monkeypatch):
    """The server is the parent the look read: a child reaped after its pages were read has no parent to read then,
    and all it shared with the server (its torch) counted as its own."""
    monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(1))
    pid = _ended_child(reaped=True)
    server_anon = measure._anonymous(os.getpid())
    procs = {pid: measure.Proc(server_anon, server_anon, 0, 0, 0, ("stack", "heap"), os.getpid())}
    monkeypatch.setattr(measure, "tree", lambda *a, **k: (procs, server_anon, 0))
    monkeypatch.setattr(measure, "_rollup", lambda p: {"Private_Dirty": 1 << 20, "Pss_Anon": server_anon})
    assert measure.resident(pid, descriptors=measure.Descriptors()) == 1 << 20


def test_a_child_holding_more_epoll_watches_than_its_share_is_stopped():
    """Red team 106: a child's processes took all 5.5 million epoll watches the user may have (fs.epoll.max_user_watches
    counts per user, a user namespace's too), and the user's other programs could not use epoll or asyncio while it
    ran. The looks count every epoll's watches, one filled after its first read among them, and past
    EPOLL_WATCH_LIMIT the runner stops the child, saying why."""
    import select

    targets = [os.eventfd(0) for _ in range(64)]
    first, later = select.epoll(), select.epoll()
    try:
        for fd in targets:
            first.register(fd, select.EPOLLIN)
        seen = measure.Descriptors()
        seen.look({os.getpid()}, time.monotonic() + 5)
        assert seen.epoll_watches >= 64
        for fd in targets:
            later.register(fd, select.EPOLLIN)
        for _ in range(3):  # read empty once: each look reads the epolls read longest ago again
            seen.look({os.getpid()}, time.monotonic() + 0.001)
        assert seen.epoll_watches >= 128
    finally:
        first.close(), later.close()
        for fd in targets:
            os.close(fd)
    assert measure.EPOLL_WATCH_LIMIT >= 4096  # a torch process holds none or a few
    en, zh = runner._death(None, "watches", "tests/test_x.py::test_y", False)
    assert en.startswith(f"your code held more than {measure.EPOLL_WATCH_LIMIT:,} epoll watches") and zh
