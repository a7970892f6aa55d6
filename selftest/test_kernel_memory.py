"""Kernel memory a child holds outside its resident set, which no cgroup counts for an ordinary user, pinned where
the runner counts it (katas/measure.py): Unix socket buffers (red team 7: 2.5 GiB under a 512 MiB cap), page tables
(red team 9: 2 GiB for a sparse 1 TiB map that keeps almost nothing resident) and pipe buffers (red team 9: 1.8 GiB
in full pipes). (Red team 9's io_uring fallocate: selftest/test_syscalls.py.)"""

from __future__ import annotations

import mmap
import os
import socket
import sys

import pytest

from katas import measure

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")


def _holding(build) -> tuple[int, int]:
    """(resident bytes, bytes of files and buffers) measure.tree reads of a child that holds what build made."""
    ready_r, ready_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            kept = build()  # noqa: F841 - held until the parent has looked
            os.write(ready_w, b"1")
            os.read(done_r, 1)
        finally:
            os._exit(0)
    try:
        assert os.read(ready_r, 1) == b"1"
        _, resident, held = measure.tree(pid, spend=5.0)
        return resident, held
    finally:
        os.write(done_w, b"1")
        os.waitpid(pid, 0)
        for fd in (ready_r, ready_w, done_r, done_w):
            os.close(fd)


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
