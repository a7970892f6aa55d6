"""What the parent takes from a child is checked by the parent (issue 20, round two): records that never
raise, text that any encoder and terminal takes, pictures that are PNGs, a memory watch that reads /proc
rather than the child's word, and a run bound that covers every child it schedules."""

from __future__ import annotations

import json
import os
import signal
import time

from katas import cgroups, measure, records, schedule
from katas.progress import Progress


def test_parse_never_raises_on_what_a_child_wrote():
    tests = {"t::a"}
    for line in ("[" * 200_000, "{" * 100_000, '{"event": "result", "nodeid": "t::a", "outcome": "failed", '
                 '"status": "failed", "en": "\\ud800", "seconds": 1e999}', "\udcff", '"' * 10**6, "{}" * 10**5):
        rec, why = records.parse(line, tests)
        assert rec is None or rec.event == "result", (rec, why)
        if rec is not None:
            assert "\ud800" not in rec.en
            rec.en.encode("utf-8")  # raises on a lone surrogate


def test_single_line_fields_are_single_lines():
    line = json.dumps({"event": "walls", "held": [], "missing": ["x\n\nscore 5/5\r\n\tpasses"]})
    rec, _ = records.parse(line, set())
    assert rec.payload[1] == ("x score 5/5 passes",)


def test_a_childs_output_is_framed_and_short():
    shown = records.frame("\n" * 60 + "score 5/5 (100.0%)\x1b[2J\u202e" + "\n" * 60 + "last")
    lines = shown.split("\n")
    assert all(line.startswith(records.GUTTER) for line in lines)
    assert "\x1b" not in shown and "\u202e" not in shown and len(lines) <= 4, lines
    many = records.frame("\n".join(str(i) for i in range(500)))
    assert many.count("\n") == records.FRAME_LINES and many.endswith("499")


def test_progress_is_saved_whatever_text_a_child_sent(tmp_path, monkeypatch):
    monkeypatch.setenv("KATAS_STATE", str(tmp_path))
    p = Progress(tmp_path)
    p.results["add"] = {"status": "failed", "message": "lone \ud800", "message_zh": "", "fingerprint": "f"}
    p.save()
    assert json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert not list(tmp_path.glob("*.tmp"))


def test_only_pngs_are_pictures():
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    plt.figure(figsize=(1, 1))
    plt.savefig(buf, format="png")
    plt.close("all")
    assert records.is_png(buf.getvalue())
    assert not records.is_png(b"\x89PNG\r\n\x1a\n" + b"\xff" * 1000)


def test_memory_held_in_memfds_counts_and_no_record_turns_the_watch_off():
    """memfd files are in no process's resident set: the watch counts them from the descriptor table; and
    whether a child is capped is read from its cgroup, never from what it says."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.memfd_create("katas-selftest")
            for _ in range(64):
                os.write(fd, b"\1" * (1 << 20))
            os.write(w, b"x")
            time.sleep(30)
        finally:
            os._exit(0)
    try:
        os.read(r, 1)
        assert measure.resident(pid) >= 64 * 2**20
        assert not cgroups.capped(pid)  # this test's process is in no katas- cgroup, whatever it might claim
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def test_the_run_bound_covers_every_child_it_schedules(monkeypatch):
    """Each child lives at most life(budget) from its start; scheduled greedily on parallelism() slots after a
    probe, the last one ends within the bound (Graham's list-scheduling bound), so none is starved."""
    monkeypatch.setenv("KATAS_JOBS", "1")
    budgets = [40.0] * 10 + [0.0] * 3
    assert schedule.bound(budgets) >= schedule.START_LIMIT + sum(schedule.life(b) for b in budgets) or \
        schedule.bound(budgets) == schedule.RUN_LIMIT
