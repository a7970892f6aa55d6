"""Red team 7's memory escape, pinned where it lives: 2.5 GiB held in Unix socket buffers (kernel memory, in no
resident set) under a 512 MiB cap as an ordinary user, where no memory cgroup counts them. The runner now counts
each socket a child holds open at the most its buffers can hold (measure.SOCKET_HOLDS).
(Under root the child's memory cgroup counts socket buffers itself.)"""

from __future__ import annotations

import os
import socket
import sys

import pytest

from katas import measure


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_sockets_a_child_holds_count_towards_its_memory():
    ready_r, ready_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            pairs = [socket.socketpair() for _ in range(100)]
            for a, _ in pairs:
                a.setblocking(False)
                try:
                    while True:
                        a.send(b"\0" * 65536)
                except OSError:  # full
                    pass
            os.write(ready_w, b"1")
            os.read(done_r, 1)
        finally:
            os._exit(0)
    try:
        assert os.read(ready_r, 1) == b"1"
        _, resident, held = measure.tree(pid, spend=5.0)
        assert held >= 200 * measure.SOCKET_HOLDS, (held, measure.SOCKET_HOLDS)
        assert measure.SOCKET_HOLDS >= 2 * 212_992
    finally:
        os.write(done_w, b"1")
        os.waitpid(pid, 0)
        for fd in (ready_r, ready_w, done_r, done_w):
            os.close(fd)
