"""--watch in a temporary copy of the workbook: saves are re-graded, crashes never stop it."""

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from grading import copy_workbook

ROOT = Path(__file__).resolve().parent.parent
FILE = "exercises/ch3_2_linear_regression_scratch.py"
STUB = "    # TODO\n    raise NotImplementedError\n\n\ndef sgd"


@pytest.fixture
def workbook(tmp_path):
    copy_workbook(tmp_path)
    return tmp_path


class Watcher:
    def __init__(self, root: Path, *args: str):
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        env.pop("KATAS_ROOT", None)
        env.pop("KATAS_STATE", None)
        self.proc = subprocess.Popen([sys.executable, "grade.py", "--watch", *args], cwd=root, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, encoding="utf-8")
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(ln) for ln in self.proc.stdout], daemon=True).start()

    def until(self, text: str, limit: float) -> str:
        """Everything printed up to the line containing text; fails after limit seconds."""
        end = time.monotonic() + limit
        got = []
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.proc.poll() is None, "the watcher died:\n" + "".join(self.seen + got)
                continue
            got.append(line)
            if text in line:
                self.seen += got
                # a message's rows joined again: where the report cuts it (80 columns in a pipe) depends on the
                # sizes the test drew, and a phrase cut in two is still the phrase
                return re.sub(r"\n *│ ", " ", "".join(got))
        raise AssertionError(f"no {text!r} within {limit} s; got:\n" + "".join(self.seen + got))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def save(root: Path, body: str) -> None:
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("def squared_loss")
    end = text.index("def sgd")
    path.write_text(text[:start] + "def squared_loss(y_hat, y):\n" + body + "\n\n\n" + text[end:], encoding="utf-8")


def test_watch_regrades_the_saved_exercise_and_survives_crashes(workbook):
    w = Watcher(workbook, "squared_loss", "linreg_sgd")
    try:
        first = w.until("watching exercises/", 60)
        assert "· squared_loss" in first and "· linreg_sgd" in first and "next: squared_loss" in first

        save(workbook, "    return (y_hat - y) ** 2 / 2")
        out = w.until("watching exercises/", 30)
        assert "saved: checking squared_loss" in out and "sgd" not in out.split("checking")[1].split("\n")[0]
        assert "✗ squared_loss" in out and "reshape y to y_hat's shape" in out

        save(workbook, "    import os\n    os._exit(3)")  # learner code kills its process
        out = w.until("watching exercises/", 30)
        assert "✗ squared_loss" in out and "crashed" in out and "os._exit" in out

        save(workbook, "    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2")
        out = w.until("watching exercises/", 30)
        assert "✓ squared_loss" in out and "next: linreg_sgd" in out
        assert float(out.split("checked in ")[1].split(" s")[0]) > 0  # how fast: benchmarks/bench_watch.py, not here
        assert w.proc.poll() is None
    finally:
        w.stop()
    assert (workbook / ".katas" / "progress.json").exists()  # its memory stays in the copy


def test_watch_restarts_from_memory_in_chinese(workbook):
    w = Watcher(workbook, "squared_loss", "--lang", "zh")
    try:
        w.until("正在监视", 60)
    finally:
        w.stop()
    w = Watcher(workbook, "squared_loss", "--lang", "zh")  # nothing changed: no grading, the remembered table
    try:
        out = w.until("正在监视", 20)
        assert "· squared_loss" in out and "尚未开始" in out and "用时" not in out
        assert "下一步：完成 exercises/ch3_2_linear_regression_scratch.py 里的 squared_loss" in out
    finally:
        w.stop()


PROBE = """    import os
    status = open("/proc/self/status").read()
    group = next((ln.rsplit("/", 1)[1] for ln in open("/proc/self/cgroup") if "katas-" in ln), "none")
    facts = [os.getpid() < 10, "Seccomp:\\t2" in status, "NoNewPrivs:\\t1" in status,
             os.environ.get("USER") == "learner", os.readlink("/proc/self/ns/mnt") != MOUNTS,
             os.readlink("/proc/self/ns/net") != NET, os.getuid() != ROOT]
    raise AssertionError("PROBE " + "".join("1" if f else "0" for f in facts) + " " + group)"""


def _probe_seen(out: str) -> tuple[str, str]:
    facts, group = re.search(r"PROBE ([01]+) (\S+)", out).groups()
    return facts, group


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(p) for p in (task / "children").read_text().split())
    return found


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()) - found:
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the spare child is Linux's (fork, /proc)")
def test_a_check_in_a_long_watch_runs_in_a_spare_child_walled_in_as_any_other(workbook):
    """A long run's next child is forked and walled in while the learner edits (katas/server.py's _Spare): its
    learner code sees exactly the walls of a child forked for its job, it is the job's child (its cgroup is the one
    it waited in), and nothing of it or of the spare that follows it outlives the watcher."""
    path = workbook / FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("import torch", "import torch\n\nMOUNTS = NET = ROOT = None", 1), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "MOUNTS = NET = ROOT = None", f"MOUNTS, NET, ROOT = {os.readlink('/proc/self/ns/mnt')!r}, "
                                      f"{os.readlink('/proc/self/ns/net')!r}, {os.getuid()}"), encoding="utf-8")
    w = Watcher(workbook, "squared_loss")
    try:
        w.until("watching exercises/", 60)
        save(workbook, PROBE)  # a child forked for its job: the server is not warmed up yet
        forked = _probe_seen(w.until("watching exercises/", 30))
        save(workbook, PROBE + "  # again")  # the second check: the runner then asks the server to warm up
        assert _probe_seen(w.until("watching exercises/", 30)) [0] == forked[0]
        (server,) = _children(w.proc.pid)
        end = time.monotonic() + 60
        while not _children(server) and time.monotonic() < end:  # warm-up (2-3 s), then the spare
            time.sleep(0.1)
        (spare,) = _children(server)
        time.sleep(0.5)  # walled in
        waited_in = next((ln.rsplit("/", 1)[1].strip() for ln in Path(f"/proc/{spare}/cgroup").read_text().splitlines()
                          if "katas-" in ln), "none")
        save(workbook, PROBE + "  # a third time")
        spared = _probe_seen(w.until("watching exercises/", 30))
        assert spared[0] == forked[0], f"walls of a forked child {forked[0]}, of the spare's {spared[0]}"
        assert spared[1] == waited_in and (waited_in == "none") == (forked[1] == "none")
        assert not Path(f"/proc/{spare}").exists() or spare not in _descendants(server)  # it ran the job and ended
        left = _descendants(w.proc.pid)
    finally:
        w.stop()
    time.sleep(0.5)
    assert not [p for p in left if Path(f"/proc/{p}").exists()], "processes of the watcher outlived it"
