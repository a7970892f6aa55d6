"""Red team 8's memory escape as an ordinary user, pinned where it lives: past the cap, the runner reads each
process's own pages for 0.1 s and used to extrapolate the sample, which took the newest processes first. 8 x 384 MiB
hid behind 150 small processes forked last. The largest are read first now, and one not read counts its whole
resident set. (Its System V limits raised through /proc/sys: the golden workbook's nested_namespaces.)"""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from katas import measure


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_small_processes_forked_last_hide_no_large_one(monkeypatch):
    big, small = 3, 60
    r, w = os.pipe()
    touched_r, touched_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            kids = []
            for i in range(big + small):
                kid = os.fork()
                if kid == 0:
                    if i < big:
                        block = bytearray(64 << 20)
                        for k in range(0, len(block), 4096):
                            block[k] = 1
                        os.write(touched_w, b"t")
                    time.sleep(60)
                    os._exit(0)
                kids.append(kid)
            for _ in range(big):  # the large ones have touched their pages (a fixed 1.5 s was short under load)
                os.read(touched_r, 1)
            os.write(w, b"x")
            time.sleep(60)
        finally:
            os._exit(0)
    try:
        os.read(r, 1)
        monkeypatch.setenv("KATAS_MEMORY_LIMIT", str(64 << 20))  # past it: the private pages are read
        assert measure.resident(pid, spend=0.001) >= big * (64 << 20)
    finally:
        for p in list(measure.tree(pid, spend=0)[0]):
            os.kill(p, signal.SIGKILL)
        os.waitpid(pid, 0)
