"""Instructor mode's worker side: the zygote, and the sandboxed worker (W) it forks, which alone runs learner code.

The runner starts the zygote (`python -P katas/worker.py FD`) beside the test server, before anything trusted
has run: it imports torch, matplotlib and the katas modules that learner files import, nothing else, never
initialises CUDA, and has neither the seed nor the tests in its memory. A test child (the trusted driver, T)
asks for a worker by sending it two descriptors over the zygote's socket: one end of a fresh socketpair
(the connection) and the read end of a pipe (the life line: when T closes it or dies, the zygote kills W).

W, forked into a PID namespace of its own, reads T's setup (the graded folder's files, as text), hides the
workbook's tests/, solutions/, selftest/ and .git and the graded folder behind empty tmpfs mounts, puts the
learner's files back where they were (so its messages name the same paths), mounts its own /proc, then walls
itself in as every test child does (katas/sandbox.enter: uid drop, namespaces, read-only file systems,
limits, NO_NEW_PRIVS, PDEATHSIG set again after the uid change). Its output goes nowhere. Then it serves T's
requests (katas/peer.py): import the file, call, read attributes, iterate, differentiate.
"""

from __future__ import annotations

import ctypes
import gc
import os
import select
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # started by path: katas/ is no top-level package folder, the workbook is
    ROOT = str(Path(__file__).resolve().parent.parent)
    if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
        del sys.path[0]
    sys.path.append(ROOT)

import torch  # noqa: E402

from katas import cgroups, sandbox, wire  # noqa: E402
from katas.catalog import ROOT as WORKBOOK  # noqa: E402
from katas.measure import Descriptors, over_memory  # noqa: E402

HIDDEN = ("tests", "solutions", "selftest", ".git", ".katas")  # of the workbook: what W must not read
WARM = ("torch.optim", "torch._dynamo", "matplotlib.pyplot", "torch.func", "katas.sections", "katas.plotting",
        "katas.data", "katas.forbid", "katas.target", "katas.simdevice", "katas.checks")
SETUP_LIMIT = 20.0  # seconds T may take to send its setup
LOOK = 0.5  # seconds between the zygote's looks at each worker's memory (the runner's, at a test child's)
FILES_LIMIT = 8 * 2**20  # bytes of learner files
WORKERS_LIMIT = 4 * (os.cpu_count() or 1) + 4  # live at once: one per test child, which the server caps
JOB_BASE = 1 << 20  # job numbers of workers (their uids and cgroups apart from the test children's)
_CLONE_NEWNS, _CLONE_NEWPID = 0x00020000, 0x20000000
_MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC, _MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18
_SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(os.uname().machine, -1)
_MNT_DETACH = 2


# --- the zygote ----------------------------------------------------------------------------------------


def zygote(fd: int) -> None:
    """Serve worker requests on the socket fd until it closes; kill each worker when its life line ends."""
    for name in WARM:
        try:
            __import__(name)
        except Exception:  # an optional nicety: a worker imports what it needs itself
            pass
    torch.set_num_threads(1)
    gc.collect()
    gc.freeze()
    try:  # the runner waits for this before the first test asks for a worker
        os.write(1, b"ready\n")
    except OSError:
        pass
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    sandbox.UID_BASE += sandbox.UID_SPAN  # workers' uids are never a test child's
    requests = socket.socket(fileno=fd)
    private = os.environ.get("KATAS_PRIVATE")  # the runner's: its folder (0711) goes when the runner closes or is swept
    base = Path(tempfile.mkdtemp(prefix="katas-workers-", dir=Path(private).parent if private else None))
    os.chmod(base, 0o711)
    lines: dict[int, tuple[int, int]] = {}  # life line fd -> (worker pid, job)
    seen: dict[int, Descriptors] = {}  # job -> what the looks at its memory learnt
    looked: dict[int, float] = {}  # job -> when its memory was last looked at
    jobs = iter(range(JOB_BASE, 1 << 62))
    own_ns = os.open("/proc/self/ns/pid", os.O_RDONLY) if os.getuid() == 0 else None
    signal.signal(signal.SIGCHLD, lambda *a: None)
    try:
        while True:
            ready = select.select([requests, *lines], [], [], LOOK)[0]
            gone = _reap()  # reaped: their pids may be reused, so they are never signalled again
            for fd_, (pid, job) in list(lines.items()):
                if pid in gone:
                    lines[fd_] = (None, job)
                elif pid is not None and time.monotonic() >= looked.get(job, 0.0) + LOOK:
                    looked[job] = time.monotonic()  # its memory, as the runner looks at a test child's (red team 135:
                    if over_memory(pid, seen.setdefault(job, Descriptors())):  # with no cgroup, as root, a worker
                        _kill(pid)  # held 3.4 GiB under a 1 GiB cap); T's call then ends saying it may have been this
                        lines[fd_] = (None, job)
            for fd_ in ready:
                if fd_ is requests:
                    try:
                        msg, fds, _, _ = socket.recv_fds(requests, 64, 2)
                    except OSError:
                        return
                    if not msg:
                        return
                    if msg != b"worker" or len(fds) != 2 or len(lines) >= WORKERS_LIMIT:
                        for f in fds:
                            os.close(f)
                        continue
                    job = next(jobs)
                    pid = _fork_worker(fds[0], base, job, own_ns, requests.fileno(), list(lines))
                    os.close(fds[0])
                    if pid is None:
                        os.close(fds[1])
                    else:
                        lines[fds[1]] = (pid, job)
                else:  # a life line ended: T is done with its worker, or gone
                    pid, job = lines.pop(fd_)
                    os.close(fd_)
                    _kill(pid)
                    _forget(base, job)
                    seen.pop(job, None)
                    looked.pop(job, None)
    finally:
        for pid, job in lines.values():
            _kill(pid)
            _forget(base, job)
        if not private:  # no runner's folder to go with: the zygote removes its own
            import shutil

            shutil.rmtree(base, ignore_errors=True)


def _fork_worker(conn: int, base: Path, job: int, own_ns, requests: int, lines: list[int]) -> int | None:
    libc = ctypes.CDLL(None, use_errno=True)
    fresh = own_ns is not None and libc.unshare(_CLONE_NEWPID) == 0
    zygote = os.getpid()  # the name of the job's cgroup: in its own PID namespace a worker sees its parent as 0
    try:
        pid = os.fork()
    except OSError:
        pid = -1
    if pid == 0:
        code = 0
        try:
            for f in (requests, *lines):
                os.close(f)
            if own_ns is not None:
                os.close(own_ns)
            worker(conn, base / str(job), job, zygote)
        except BaseException:  # noqa: BLE001 - nothing of a worker reaches the zygote's loop
            code = 3
        finally:
            os._exit(code)
    if fresh and libc.setns(own_ns, _CLONE_NEWPID) != 0:
        raise OSError(ctypes.get_errno(), "setns back to the zygote's PID namespace")
    return pid if pid > 0 else None


def _kill(pid: int | None) -> None:
    """Kill a worker not yet reaped (so its pid is still its own)."""
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGKILL)  # the first process of its PID namespace: everything in it goes
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass


def _reap() -> set[int]:
    gone = set()
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return gone
        if pid == 0:
            return gone
        gone.add(pid)


def _forget(base: Path, job: int) -> None:
    group = cgroups.cgroup(os.getpid(), job)
    if group is not None:
        for _ in range(20):
            if cgroups.remove_cgroup(group):
                break
            import time

            time.sleep(0.01)
    import shutil

    shutil.rmtree(base / str(job), ignore_errors=True)


# --- the worker ----------------------------------------------------------------------------------------


def worker(conn: int, folder: Path, job: int, zygote: int) -> None:
    """W: read T's setup, hide what W must not read, wall in, serve."""
    sock = socket.socket(fileno=conn)
    sock.settimeout(SETUP_LIMIT)
    header, buffers = wire.recv(sock)
    sock.settimeout(None)
    setup = _setup(header, buffers)
    folder.mkdir(mode=0o711)
    hidden = _hide(folder, setup["target"], setup["files"], setup["data"])
    needed = [p for p in (str(WORKBOOK), setup["target"], *setup["data"], *[p for p in sys.path if os.path.isabs(p)])
              if os.path.exists(p)]
    # the zygote's pid names the cgroup it removes when the worker ends (os.getppid() is 0 in a PID namespace: the
    # workers' cgroups were left behind, red team 14 counted 2,700)
    walls = sandbox.enter(folder, job, needed, (conn,), sandbox.user_processes(os.getuid()), zygote)
    walls.held += hidden
    from katas import forbid

    forbid.tests_run_here()
    refused = refusals(walls.uid, walls.held)
    if refused:  # no learner code runs behind walls that did not hold: T fails the test saying why
        wire.send(sock, {"op": "ready", "walls": walls.held, "missing": walls.missing, "uid": walls.uid,
                         "refused": refused}, [])
        return
    _no_other_descriptors(keep=conn)
    os.environ.clear()
    os.environ.update(HOME=str(Path(walls.work) / "cwd"), TMPDIR=str(Path(walls.work) / "tmp"),
                      MPLCONFIGDIR=str(Path(walls.work) / "tmp"), MPLBACKEND="Agg", LANG="C.UTF-8",
                      OMP_NUM_THREADS=str(setup["threads"]))
    torch.set_num_threads(setup["threads"])
    from katas.sections import Sections

    Sections.fallback = setup["interfaces"]  # a section of the learner's that does not import gives these
    wire.send(sock, {"op": "ready", "walls": walls.held, "missing": walls.missing, "uid": walls.uid}, [])
    from katas.workerpeer import WorkerPeer

    WorkerPeer(sock, Path(setup["target"]), Path(walls.work) / "cwd").serve_forever()


def refusals(uid, held: list[str]) -> list[str]:
    """Why learner code must not run behind these walls (both sides ask: W before it serves, T when W is ready):
    root kept (a needed path the worker's uid cannot read), the machine's other files in view (another copy of the
    answers), or the workbook's secrets not hidden."""
    out = [] if type(uid) is int and uid != 0 else ["it kept root (the uid drop failed)"]
    out += [] if "only what it reads in view" in held else ["the machine's other files are in its view"]
    return out + [f"{name}/ is not hidden" for name in ("tests", "solutions") if (WORKBOOK / name).is_dir()
                  and f"{name} hidden" not in held]


def _setup(header: dict, buffers: list[bytes]) -> dict:
    """T's setup, as far as W takes it: the learner's files (name -> the buffer of its bytes) and where they go; never
    a path to reveal other than that folder (the data folders are the zygote's own lookup, whatever T asks)."""
    files, target = header.get("files"), header.get("target")
    if header.get("op") != "setup" or not isinstance(files, dict) or not isinstance(target, str):
        raise wire.ProtocolError("no setup")
    if not all(type(i) is int and 0 <= i < len(buffers) for i in files.values()):
        raise wire.ProtocolError("a learner file with no buffer")
    if sum(len(b) for b in buffers) > FILES_LIMIT:
        raise wire.ProtocolError("learner files past the limit")
    files = {name: buffers[i].decode("utf-8", "surrogateescape") for name, i in files.items()}
    if not (os.path.isabs(target) and os.path.isdir(target) and os.path.realpath(target) == target
            and not WORKBOOK.is_relative_to(target)):
        raise wire.ProtocolError("a graded folder that is not one")
    from katas import data

    folders = [str(f) for ds in data.SETS.values() for f in data.folders(ds)]
    threads = header.get("threads") if type(header.get("threads")) is int else 1
    interfaces = header.get("interfaces", {})
    if not (isinstance(interfaces, dict) and all(type(k) is str and type(v) is str for k, v in interfaces.items())
            and sum(len(v) for v in interfaces.values()) < 2**16):
        raise wire.ProtocolError("interfaces that are not sources")
    return {"files": files, "target": target, "data": folders, "threads": max(1, min(threads, 64)),
            "interfaces": interfaces}


def _hide(folder: Path, target: str, files: dict, data: list[str]) -> list[str]:
    """A root of W's own that shows only what W reads; empty tmpfs over the workbook's secrets and the graded
    folder should they be in it; the learner's files written back in the graded folder."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNS) != 0 or libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
        return []
    held = ["only what it reads in view"] if _own_root(libc, folder, target, data) else []
    for path in [WORKBOOK / name for name in HIDDEN] + [Path(target)]:
        if not path.exists():
            held.append(f"{path.name} hidden")  # not in W's view at all
        elif libc.mount(b"katas", str(path).encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV,
                                          b"size=16777216,mode=0755") == 0:
            held.append(f"{path.name} hidden")
    for name, text in files.items():
        if isinstance(name, str) and isinstance(text, str) and "/" not in name and name.endswith(".py"):
            (Path(target) / name).write_bytes(text.encode("utf-8", "surrogateescape"))  # its bytes as sent
    if os.getpid() == 1 and libc.mount(b"proc", b"/proc", b"proc", _MS_NOSUID | _MS_NODEV, None) == 0:
        held.append("its own /proc")
    return held


# what W reads besides Python, its packages, katas/, the graded folder and the data: the system's own folders
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/dev", "/sys")
# the modules of katas/ in W's view: what W, its peer and learner files import, and all they import
# (selftest/test_instructor_trust.py checks it); the test-side helpers (rnncheck, optimcheck, attncheck, netcheck,
# testkit) hold reference computations, grad_clipping's and train_epoch_ch8's among them (red team I4)
KATAS_IN_VIEW = ("__init__", "bytecode", "catalog", "cgroups", "checks", "data", "devices", "explain", "forbid", "i18n",
                 "measure", "peer", "plotting", "progress", "records", "results", "sandbox", "sections", "simdevice",
                 "syscalls", "target", "wire", "wirefigures", "wirenets", "worker", "workerpeer")


def _a_workbook(path: Path) -> bool:
    """A d2l-katas workbook's root (another clone installed in editable mode puts its root on sys.path): its
    solutions/ and tests/ stay out of W's view (red team I6)."""
    return (path / "solutions").is_dir() or (path / "tests" / "catalog.toml").exists()


def _own_root(libc, folder: Path, target: str, data: list[str]) -> bool:
    """pivot_root into a tmpfs on folder that holds the system, Python and its packages, the modules of katas/ W
    uses, the data and empty /tmp, /proc and graded folder, each bound from the machine: any other copy of the answers
    on it (another clone, a classmate's submission in a class run) is out of W's view. Made read-only with the rest
    by sandbox.enter."""
    shown = [*SYSTEM, sys.prefix, sys.base_prefix, sys.exec_prefix, *data,
             *[str(WORKBOOK / "katas" / f"{name}.py") for name in KATAS_IN_VIEW],
             *[p for p in sys.path if os.path.isabs(p) and not Path(p).resolve().is_relative_to(WORKBOOK)
               and not _a_workbook(Path(p))]]
    top = str(folder)
    if libc.mount(b"katas", top.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, b"size=1048576,mode=0755") != 0:
        return False
    try:
        for place in ("/tmp", "/proc", target, str(folder), "/.old"):
            os.makedirs(top + place, exist_ok=True)
        os.chmod(top + "/tmp", 0o1777)
        done: list[str] = []
        for path in sorted({q for p in shown if os.path.exists(p) for q in (os.path.abspath(p), os.path.realpath(p))}):
            if any(path == d or path.startswith(d + "/") for d in done):
                continue  # in a folder already bound
            if os.path.islink(path) and os.path.dirname(path) == "/":  # /lib -> usr/lib: the same link
                os.symlink(os.readlink(path), top + path)
                continue
            if os.path.isdir(path):
                os.makedirs(top + path, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(top + path), exist_ok=True)
                open(top + path, "a").close()
            if libc.mount(path.encode(), (top + path).encode(), None, _MS_BIND | _MS_REC, None) != 0:
                return False
            done.append(path)
        os.chdir(top)
        if libc.syscall(_SYS_PIVOT_ROOT, b".", b".old") == 0:
            os.chdir("/")
            if libc.umount2(b"/.old", _MNT_DETACH) != 0:
                return False
            os.rmdir("/.old")
        elif libc.chroot(b".") == 0:  # a root pivot_root cannot leave (rootfs): the walls drop CAP_SYS_CHROOT
            os.chdir("/")
        else:
            return False
        return True
    except OSError:
        return False


def _no_other_descriptors(keep: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)  # W's output goes nowhere: nothing it prints can flood or forge anything
    for fd in [int(f) for f in os.listdir("/proc/self/fd")]:
        if fd > 2 and fd not in (keep, null):
            try:
                os.close(fd)
            except OSError:
                pass
    os.close(null)


if __name__ == "__main__":
    zygote(int(sys.argv[1]))
