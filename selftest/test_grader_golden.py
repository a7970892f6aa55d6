"""grade.py's table, JSON and exit code, pinned on a tiny fixture workbook of hostile learners.

Each folder in fixtures/workbook/targets/ is one learner: all passing, untouched stubs, a syntax
error, an endless loop, os._exit, a segfault, a print flood, pytest.exit, forged records, orphan
processes, big files, ANSI escapes, the from-scratch rule sidestepped, ... Whatever one exercise's
code does must cost only that exercise, never earn a point, never stop the report, end within the
grader's bound and leave no process or file behind. Every case is graded twice: by whoever runs the selftest
(root in CI and here), and, from root, as an ordinary user (as_user.py: uid KATAS_SELFTEST_UID, 1000 by
default, on a copy of the workbook that user owns), whose walls differ (a user namespace, no uid drop, no
cgroup: the runner's memory watch). To accept a deliberate change of output:
KATAS_UPDATE_GOLDEN=1 python -m pytest selftest/test_grader_golden.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from grading import ROOT, grade

HERE = Path(__file__).parent
WORKBOOK = HERE / "fixtures" / "workbook"
GOLDEN = HERE / "golden"
CASES = sorted(p.name for p in (WORKBOOK / "targets").iterdir() if p.is_dir())
UPDATE = bool(os.environ.get("KATAS_UPDATE_GOLDEN"))
ENV = {"KATAS_ROOT": str(WORKBOOK), "CUDA_VISIBLE_DEVICES": "", "PYTORCH_ENABLE_MPS_FALLBACK": "0"}
CASE_ENV = {"print_flood": {"KATAS_OUTPUT_LIMIT": str(2**20)},  # 1 MiB: the golden must not wait on a slow disk
            "memory_hog": {"KATAS_MEMORY_LIMIT": str(256 * 2**20)},  # a cap the hog passes at a quarter of its 1 GiB
            "memfd_hog": {"KATAS_MEMORY_LIMIT": str(256 * 2**20)},
            "socket_queues": {"KATAS_MEMORY_LIMIT": str(256 * 2**20)},
            "tmpfs_hog": {"KATAS_MEMORY_LIMIT": str(256 * 2**20)},
            "start_heartbeat": {"KATAS_JOBS": "1"},  # scale waits for add: add's child must end by the parent's numbers
            "inflight_flood": {"KATAS_JOBS": "2"}}  # add and scale first: probs and step start during add's flood
# the server's limit of open files below the count a child's sends can reach (a race took it past 20,000: red team 65)
CASE_WRAP = {"inflight_flood": ("prlimit", "--nofile=1100:1100")}
# graded once the others have ended: the count of descriptors in flight is the user's, and socket_queues' children,
# of the same user, once took it (and let it go) so that no hand-over was refused while inflight_flood ran (CI, stop 35)
ALONE = ("inflight_flood",)
ORPHAN_MARK = "katas-fixture-orphan"
BOUND = 120  # seconds: the slowest case (a hang the alarm cannot stop) is killed after 10 + 10 s

# case -> (the exercise its code breaks, the status that exercise must get); every other exercise passes,
# except where the file itself cannot be imported (every exercise of the file then shares the verdict)
EXPECTED = {
    "all_pass": (None, "passed"), "not_started": ("add", "not_started"), "syntax_error": ("add", "error"),
    "error_on_import": ("add", "error"), "infinite_loop": ("add", "timeout"),
    "hang_ignoring_timeout": ("add", "timeout"), "os_exit": ("add", "crashed"),
    "os_exit_on_import": ("add", "crashed"), "segfault": ("add", "crashed"), "sys_exit": ("add", "failed"),
    "keyboard_interrupt": ("add", "failed"), "print_flood": ("add", "failed"), "monkeypatch_torch": ("add", "failed"),
    "pytest_exit": ("add", "failed"), "garbage_record": ("add", "crashed"), "forged_record": ("add", "failed"),
    "patch_torch_deep": ("add", "failed"), "forged_timeouts": ("add", "timeout"),
    "heartbeat_thread": ("add", "failed"), "orphan_process": ("add", "failed"), "big_files": ("add", "failed"),
    "skip_and_xfail": ("add", "failed"), "ansi_escapes": ("add", "failed"), "bypass_aten": ("probs", "failed"),
    "bypass_disable_torch_function": ("probs", "failed"), "bypass_functional_optim": ("step", "failed"),
    # issue 20's classes: reach the grader or a sibling, escape a bound, poison a later grading
    "signal_the_grader": ("add", "failed"), "forge_siblings": ("add", "failed"), "poison_later": ("add", "failed"),
    "leave_files": ("add", "failed"), "memory_hog": ("add", "failed"), "fork_bomb": ("add", "failed"),
    "deep_folders": ("add", "failed"),
    # issue 20, round two: records built to break the parent, a child that re-sends "start", walls it lacks
    "hostile_records": ("add", "crashed"), "start_heartbeat": ("add", "timeout"), "memfd_hog": ("add", "failed"),
    "reach_outside": (None, "passed"),  # add is right only if no socket, segment or key outside was reached
    # red team 3: a file the parser cannot take, disk taken by fallocate past every limit
    "unparsable": ("add", "error"), "fallocate_output": (None, "passed"),
    # red team 5: namespaces nested in the child's (a tmpfs or SysV memory past the cap, the uid's count used up)
    "nested_namespaces": (None, "passed"), "descriptor_flood": ("add", "timeout"),
    # red team 11: the test process clears its death signal, leaves its group and pipe, and lives on
    "outlive_the_keeper": ("add", "crashed"),
    # red team 12: empty files, kernel memory past the cap in the tmpfs's inodes
    "inode_flood": (None, "passed"),
    # red team 14: full socket queues in flight, held by no descriptor, kernel memory past the cap
    "socket_queues": ("add", "failed"),
    # red team 55: files in the private tmpfs beside anonymous memory, in no resident set (nor cgroup, as a user)
    "tmpfs_hog": ("add", "failed"),
    # red team 65: descriptors in flight past the server's own limit (its hand-over of siblings' outlets refused)
    "inflight_flood": (None, "passed"),
}  # fmt: skip
WHOLE_FILE = ("not_started", "syntax_error", "error_on_import", "os_exit_on_import", "unparsable")


USER_UID = int(os.environ.get("KATAS_SELFTEST_UID") or 1000)


@dataclass
class Grader:
    """Who runs grade.py (wrap: the command that runs it as someone else), on which workbook, as which uid."""

    workbook: Path = WORKBOOK
    wrap: tuple[str, ...] = ()
    uid: int | None = None  # the folders it writes are made its own

    def folder(self, path: Path) -> Path:
        path.mkdir()
        if self.uid is not None:
            os.chown(path, self.uid, self.uid)
        return path

    def run(self, case: str, tmp: Path):
        """Grade one learner (section 1.2 too where the learner wrote it), with a temp folder of its own."""
        names = () if (self.workbook / "targets" / case / "scratch.py").exists() else ("1.1",)
        folder, state = self.folder(tmp / case), tmp / f"{case}-state"
        env = {**ENV, "KATAS_ROOT": str(self.workbook), **CASE_ENV.get(case, {}), "TMPDIR": str(folder),
               "KATAS_STATE": str(state), **({"HOME": str(tmp)} if self.uid is not None else {})}
        began = time.monotonic()
        results, proc = grade(f"targets/{case}", names, seed=1, root=self.workbook, timeout=BOUND, env=env,
                              wrap=self.wrap + CASE_WRAP.get(case, ()))
        return results, proc, time.monotonic() - began, folder


def _ordinary_user(base: Path) -> Grader:
    """A Grader that runs grade.py as USER_UID on a copy of the workbook it owns, in base; skips where it cannot."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the ordinary-user run uses Linux's mount namespaces")
    if os.getuid() != 0:
        pytest.skip("the selftest runs as an ordinary user already: the as-is run is that user's run")
    if not shutil.which("unshare"):
        pytest.skip("no unshare(1) to run grade.py as an ordinary user")
    import site

    shutil.copytree(WORKBOOK, base / "workbook")
    for path in (base, *base.rglob("*")):
        os.chown(path, USER_UID, USER_UID, follow_symlinks=False)
    os.chmod(base, 0o755)
    needed = [sys.executable, sys.prefix, sys.base_prefix, *site.getsitepackages(), str(ROOT)]
    wrap = ("unshare", "--mount", "--propagation", "private", sys.executable, str(HERE / "as_user.py"),
            str(USER_UID), *needed, "--")
    probe = subprocess.run([*wrap, sys.executable, "-c", "import os, torch; print(os.getuid())"],
                           capture_output=True, text=True, timeout=300)
    if probe.returncode != 0 or probe.stdout.split() != [str(USER_UID)]:
        pytest.skip(f"cannot run grade.py as uid {USER_UID} here: {probe.stderr.strip()[-500:]}")
    return Grader(base / "workbook", wrap, USER_UID)


SHM_KEY = 0x4B415442  # reach_outside looks for this segment of the harness's


@pytest.fixture(scope="module")
def outside_world():
    """What a child must not reach: a TCP and an abstract Unix listener, a 0600 System V segment and a key in
    the session keyring of the process that runs grade.py. Yields a function: what was reached."""
    import ctypes
    import socket

    tcp, unix, path = socket.socket(), socket.socket(socket.AF_UNIX), socket.socket(socket.AF_UNIX)
    tcp.bind(("127.0.0.1", 0))
    unix.bind("\0katas-fixture-listen")
    # a service's socket where services put theirs (red team 3: a connect needs only a writable socket file)
    run = next((d for d in ("/run", os.environ.get("XDG_RUNTIME_DIR")) if d and os.access(d, os.W_OK)), None)
    place = os.path.join(run, f"katas-fixture-{os.getpid()}.sock") if run else None
    if place:
        path.bind(place)
        os.chmod(place, 0o777)
        os.environ["KATAS_FIXTURE_SOCK"] = place
    listeners = (tcp, unix, path) if place else (tcp, unix)
    for s in listeners:
        s.listen(8)
        s.setblocking(False)
    os.environ["KATAS_FIXTURE_PORT"] = str(tcp.getsockname()[1])
    libc = ctypes.CDLL(None, use_errno=True)
    segment = libc.shmget(SHM_KEY, 4096, 0o1000 | 0o600)
    add_key = {"x86_64": 248, "aarch64": 217}.get(os.uname().machine)
    key = libc.syscall(add_key, b"user", b"katas-fixture-grader-key", b"secret", 6, -3) if add_key else -1

    def reached():
        found = []
        for s in listeners:
            try:
                s.accept()[0].close()
                found.append(s.getsockname())
            except BlockingIOError:
                pass
        return found

    yield reached
    os.environ.pop("KATAS_FIXTURE_PORT", None)
    os.environ.pop("KATAS_FIXTURE_SOCK", None)
    for s in (tcp, unix, path):
        s.close()
    if place:
        os.unlink(place)
    if segment != -1:
        libc.shmctl(segment, 0, None)  # IPC_RMID
    if key > 0:
        libc.syscall({"x86_64": 250, "aarch64": 219}[os.uname().machine], 3, key)  # KEYCTL_REVOKE


class Graded(dict):
    """case -> (JSON, process, seconds, temp folder), and the grader that graded them."""

    grader: Grader


@pytest.fixture(scope="module", params=["as_is", "ordinary_user"])
def graded(request, tmp_path_factory, outside_world):
    if request.param == "as_is":
        grader, tmp, base = Grader(), tmp_path_factory.mktemp("golden"), None
    else:  # outside pytest's folder, which only root may enter
        base = Path(tempfile.mkdtemp(prefix="katas-selftest-user-"))
        request.addfinalizer(lambda: shutil.rmtree(base, ignore_errors=True))
        grader = _ordinary_user(base)
        tmp = grader.folder(base / "golden")
    shared = [c for c in CASES if c not in ALONE]
    with ThreadPoolExecutor(4) as pool:  # the cases are independent: overlap their torch imports
        found = Graded(zip(shared, pool.map(lambda c: grader.run(c, tmp), shared), strict=True))
    found.update({case: grader.run(case, tmp) for case in ALONE})
    found.grader = grader
    return found


def _stable(results: dict) -> dict:
    """The JSON without what varies from run to run (timings)."""
    for e in results["exercises"]:
        for t in e["tests"]:
            t.pop("seconds")
    return results


def _compare(path: Path, actual: str):
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} changed:\n{actual}"


def test_every_case_says_what_it_expects():
    assert sorted(EXPECTED) == CASES, "a new case in targets/: say in EXPECTED which exercise it breaks and how"


@pytest.mark.parametrize("case", CASES)
def test_table_is_golden(case, graded):
    _, proc, _, _ = graded[case]
    _compare(GOLDEN / f"{case}.txt", proc.stdout)


@pytest.mark.parametrize("case", CASES)
def test_json_is_golden(case, graded):
    results, _, _, _ = graded[case]
    _compare(GOLDEN / f"{case}.json", json.dumps(_stable(results), ensure_ascii=False, indent=2) + "\n")


@pytest.mark.parametrize("case", CASES)
def test_one_exercise_pays_and_no_point_is_unearned(case, graded):
    results, proc, _, _ = graded[case]
    bad, status = EXPECTED[case]
    assert proc.returncode == (0 if bad is None else 1), proc.stderr
    for e in results["exercises"]:
        if e["id"] == bad or (case in WHOLE_FILE and e["id"] in ("add", "scale")):
            assert e["status"] == status and e["points"] == 0, e
        else:  # bad code elsewhere costs this exercise nothing
            assert e["status"] == "passed" and e["points"] == e["max_points"], e


@pytest.mark.parametrize("case", CASES)
def test_grading_ends_within_its_bound_and_leaves_no_file(case, graded):
    _, proc, seconds, folder = graded[case]
    assert seconds < BOUND, f"{case} took {seconds:.0f} s"
    left = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert not left, f"{case} left files in the temp folder: {left[:10]}"


def test_no_process_is_left_behind(graded):
    """Processes the learners started (in sessions of their own, double-forked) are gone with their grading."""
    deadline = time.monotonic() + 5  # a killed process may take a moment to be reaped
    while True:
        left = []
        for p in Path("/proc").glob("[0-9]*"):
            try:
                marked = ORPHAN_MARK.encode() in (p / "cmdline").read_bytes()
                if marked or (p / "comm").read_text() == "katas-outlive\n":  # outlive_the_keeper's test process
                    left.append(p.name)
            except OSError:
                pass
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not left, f"processes left running: {left}"


def test_nothing_left_in_the_machines_tmp_or_shm(graded):
    """Files a learner left outside its folder (/tmp, /dev/shm), shared memory, a process that kept writing: gone."""
    time.sleep(0.5)  # what a surviving process would write next
    left = [p for folder in ("/tmp", "/dev/shm") for p in Path(folder).glob("katas-fixture-left*")]
    assert not left, left
    for kind in ("shm", "msg", "sem"):  # leave_files' System V segment, queue and semaphores (key 0x4B415441)
        table = Path("/proc/sysvipc") / kind
        keys = [line.split()[0] for line in table.read_text().splitlines()[1:]] if table.exists() else []
        assert str(0x4B415441) not in keys, f"a System V {kind} was left"


def test_no_later_grading_is_poisoned(graded):
    """What poison_later planted in the workbook (a conftest that passes everything, a pytest_timeout.py and a
    torch.py at the root, .pyc files beside the tests and the learners, a forged progress file) is not there,
    and a clean grading after every hostile learner is exactly the golden one."""
    import importlib.util

    workbook = graded.grader.workbook
    spec = importlib.util.spec_from_file_location("poison", workbook / "targets" / "poison_later" / "kata.py")
    poison = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(poison)  # only its list of plants: its add() is never called here
    planted = [name for name, text in poison.PLANTS.items()
               if (workbook / name).exists() and (workbook / name).read_text(errors="replace") == text]
    assert not planted, f"a child wrote into the workbook: {planted}"
    again = graded.grader.folder(graded["all_pass"][3].parent / "again")
    _, proc, _, _ = graded.grader.run("all_pass", again)
    assert proc.stdout == (GOLDEN / "all_pass.txt").read_text(encoding="utf-8")


def test_nothing_outside_the_walls_was_reached(graded, outside_world):
    """reach_outside passes only if no socket, segment or key outside reached it; no connection came either;
    graded again (the keys its uid left are a later grading's to find) it still passes."""
    assert graded["reach_outside"][0]["exercises"][0]["status"] == "passed"
    assert not outside_world(), "a child connected to a listener of the machine"
    again = graded.grader.folder(graded["reach_outside"][3].parent / "reach_again")
    results, _, _, _ = graded.grader.run("reach_outside", again)
    assert results["exercises"][0]["status"] == "passed", results["exercises"][0]


def test_hostile_records_leave_the_report_whole(graded):
    """200,000 '[', lone surrogates, a forged walls record with a table in it, pictures that are no PNG and a
    crash log that draws a table: the table and JSON are written, the log framed before the table, no picture
    kept, the progress file readable, no temporary file left."""
    results, proc, _, folder = graded["hostile_records"]
    out = proc.stdout
    table = out.index("d2l-katas · target")
    assert all(line.startswith("  │ ") for line in out[:table].splitlines()[1:] if line), out[:table]
    assert "score 5/5" not in out[table:] and "score 5/5" not in proc.stderr
    state = folder.parent / "hostile_records-state"
    assert not (state / "plots").exists() or not list((state / "plots").iterdir())
    assert json.loads((state / "progress.json").read_text(encoding="utf-8"))
    assert not list(state.glob("*.tmp"))


def test_a_sibling_whose_outlet_the_server_could_not_hand_over_is_graded_again_alone(graded):
    """As an ordinary user, inflight_flood's add holds more descriptors in flight than the server may send (its limit
    lowered so): the server's hand-over of a sibling's outlet is refused, and that sibling, killed at once, is graded
    again alone, where it passes (test_one_exercise_pays... says every exercise passed). As root each child's uid has
    a count of its own: nothing is refused."""
    _, proc, _, _ = graded["inflight_flood"]
    told = [line for line in proc.stderr.splitlines() if "could not be handed to the grader" in line]
    if graded.grader.uid is None and os.getuid() == 0:
        assert not told, proc.stderr
    else:
        assert told, proc.stderr
        assert all("Too many references" in line and "graded again alone" in line for line in told), proc.stderr


def test_messages_carry_no_control_characters(graded):
    results, proc, _, _ = graded["ansi_escapes"]
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert all("\x1b" not in e["message"] for e in results["exercises"])


def test_learner_files_untouched(graded):
    """Grading writes nothing into the graded folders (no __pycache__, no caches)."""
    written = [p for p in (graded.grader.workbook / "targets").rglob("*")
               if p.is_file() and p.name not in ("kata.py", "scratch.py")]
    assert not written, written


def test_one_exercise_of_a_file_that_hangs_on_import(tmp_path):
    """Graded alone, an exercise's own job imports its file (no separate probe): the message still says where."""
    learner = tmp_path / "learner"
    learner.mkdir()
    (learner / "kata.py").write_text("import time\nwhile True:\n    time.sleep(0.1)\n", encoding="utf-8")
    results, _ = grade(learner, ("add",), seed=1, root=WORKBOOK, timeout=BOUND,
                       env={**ENV, "TMPDIR": str(tmp_path), "KATAS_STATE": str(tmp_path / "state")})
    (add,) = results["exercises"]
    assert add["status"] == "timeout" and "while your file was imported" in add["message"], add
