"""The walls around a test child: what learner code can reach, made as small as the platform allows.

enter() is called in a freshly forked child of the test server, before any learner code runs:
- its own session, and on Linux its own PID namespace: it sees and can signal no process but its own
  (a keeper process outside the namespace waits for it; when the keeper dies the namespace dies);
- its own mount namespace where every file system is read-only (workbook, grader, tests, catalogue,
  Python's packages, data), with one private size-capped tmpfs for its working folder, TMPDIR, /tmp
  and /dev/shm, gone with the namespace;
- under root, its own unprivileged uid (one per job, so siblings cannot touch each other) and no
  capability; as an ordinary user, a user namespace that maps only that user and drops every
  capability once the mounts are made;
- limits: file size, core dumps, processes.
Each wall that the platform refuses is skipped and named (Walls.missing); the rest still hold.
"""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from katas import syscalls
from katas.cgroups import cgroup, memory_limit, out_of_memory

OUTPUT_LIMIT = int(os.environ.get("KATAS_OUTPUT_LIMIT") or 64 * 2**20)  # bytes a child may write to one file
DISK_LIMIT = 256 * 2**20  # bytes of files one child may keep (its tmpfs, or its folder where there is none)
SIGNALS_QUEUED = 256  # signals a child may have queued, pending (a user's usual limit is the machine's tasks)
OPEN_FILES = 1024  # descriptors a child's process may hold (the usual soft limit; torch and pytest need far fewer)
PROCESSES_ABOVE_NOW = 256  # processes a child may add to its uid's count (a fork bomb stops there)
UID_BASE = int(os.environ.get("KATAS_SANDBOX_UID") or 0x7E000000)  # root: job N runs as UID_BASE + N % UID_SPAN
UID_SPAN = 4096
UID_OFFSET = int.from_bytes(os.urandom(2), "big") % UID_SPAN  # per server: successive gradings' job 1 differ
INODE_LIMIT = 65_536  # files and folders in a child's private tmpfs
NOBODY = 65534  # where a container maps too few uids for UID_BASE
OUT_OF_MEMORY = 86  # the keeper's exit code when the memory cap killed its child

_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWPID, _CLONE_NEWIPC = 0x00020000, 0x10000000, 0x20000000, 0x08000000
_CLONE_NEWNET = 0x40000000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_BIND, _MS_REC, _MS_PRIVATE = 2, 4, 8, 4096, 16384, 1 << 18
_PR_SET_PDEATHSIG, _PR_SET_THP_DISABLE, _PR_SET_NO_NEW_PRIVS = 1, 41, 38
_SYS_KEYCTL = {"x86_64": 250, "aarch64": 219, "arm64": 219}  # keyctl(2)'s number, per machine
_KEYCTL_JOIN_SESSION_KEYRING, _KEYCTL_CLEAR = 1, 7
_KEY_SPEC_USER_KEYRING, _KEY_SPEC_USER_SESSION_KEYRING = -4, -5
_SYS_MOUNT_SETATTR = 442  # the same number on x86-64 and arm64
_AT_RECURSIVE, _MOUNT_ATTR_RDONLY = 0x8000, 1
_MNT_DETACH = 2


# the walls enter() may name as missing: a walls record's other words are not the sandbox's, and are not shown
WALL_NAMES = ("IPC namespace", "PID namespace", "a read-only view of a folder only root enters",
              "capabilities dropped", "keyrings of its own", "memory cap", "mount namespace", "network namespace",
              "no terminal", "private /dev/shm", "private /proc", "private working folder", "process cap",
              "read-only file systems", "resource limits", "the server's files hidden", "uid drop", "user namespace",
              "fork", "IPC limits", "datagram queue limit", "file watch limits", "service sockets hidden",
              "kernel calls refused", "read-only kernel settings", "no huge pages", "no map of /dev/zero",
              "exercise files it does not name hidden")
# why a wall is missing, as enter() words it: the system's error texts and these; nothing else
_NO_CGROUP = "no cgroup this user may create: the runner watches the memory used"
_UNREADABLE = "the workbook is not readable by the job's uid: make it world-readable"
_USED_UP = "this user's namespaces are all in use: a process outside the grader holds them; end it"
_REASONS = frozenset([os.strerror(n) for n in range(1, 256)] + [_NO_CGROUP, _UNREADABLE, _USED_UP, "an unknown machine",
                     "not POSIX", "one server per job"])


def wall_missing(text: str) -> str | None:
    """A missing wall as a child reported it, if it is exactly one enter() can name (a wall, with or without one of
    its reasons): a forged walls record shows no words of its own on the grader's terminal."""
    name, _, why = text.partition(" (")
    if name not in WALL_NAMES or (why and (not why.endswith(")") or why[:-1] not in _REASONS)):
        return None
    return text


@dataclass
class Walls:
    """What held for one child (sent to the parent as its first record)."""

    uid: int = -1  # the uid learner code runs as
    held: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    work: str = ""  # the working folder (cwd, TMPDIR)


class _Attr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]  # fmt: skip


def _read_only(path: bytes) -> int:
    """mount_setattr: every mount at and below path read-only (0, or -1 with errno set)."""
    attr = _Attr(_MOUNT_ATTR_RDONLY, 0, 0, 0)
    return _libc().syscall(_SYS_MOUNT_SETATTR, -100, path, _AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr))


def _memory_cap(walls: Walls, server: int, job: int) -> Path | None:
    """This process (and so all it starts) into a cgroup of the job's own with a memory cap."""
    group = cgroup(server, job) if linux() else None
    if group is None:
        walls.missing.append(f"memory cap ({_NO_CGROUP})")
        return None
    limit = memory_limit()
    try:
        group.mkdir(exist_ok=True)
        v2 = (group / "memory.max").exists()
        for name, value in ((("memory.max", limit), ("memory.swap.max", 0)) if v2 else
                            (("memory.limit_in_bytes", limit), ("memory.memsw.limit_in_bytes", limit))):
            try:
                (group / name).write_text(str(value))
            except OSError:
                if name in ("memory.max", "memory.limit_in_bytes"):
                    raise
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError as e:
        walls.missing.append(f"memory cap ({e.strerror})")
        return None
    walls.held.append(f"at most {limit >> 20} MiB of memory")
    _task_caps(walls, group)
    return group


def _task_caps(walls: Walls, group: Path) -> None:
    """Where the job's cgroup has them (v2 with pids and cpu delegated): at most PROCESSES_ABOVE_NOW tasks and a
    few cores of CPU time, so that hundreds of busy processes cannot starve the siblings (the runner grades a
    starved exercise again anyway, alone)."""
    omp = os.environ.get("OMP_NUM_THREADS", "")
    cores = (int(omp) if omp.isdigit() else 1) + 1  # its OpenMP threads and the Python thread
    for name, value in (("pids.max", str(PROCESSES_ABOVE_NOW)), ("cpu.max", f"{cores * 100_000} 100000")):
        try:
            (group / name).write_text(value)
            walls.held.append(f"{name} {value}")
        except OSError:
            pass  # not delegated (cgroup v1: the memory hierarchy alone): the process cap and the re-run hold


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def linux() -> bool:
    return sys.platform.startswith("linux")


def prepare(keep_fds: tuple[int, ...], server: int, number: int) -> tuple[Walls, tuple[int, int], bool]:
    """The walls that need nothing of the job: its own session, its memory cgroup (katas-<server>-<number>) and its
    namespaces. Returns what held, the uid and gid it had before any namespace, and whether it was root. A test
    server's spare child (katas/server.py) puts them up while the learner edits: the fork, the cgroup's migration
    and the namespaces are then off the path from a save to its verdict."""
    walls = Walls()
    me = (os.getuid(), os.getgid()) if hasattr(os, "getuid") else (-1, -1)  # (in a user namespace: root until _as_me)
    if os.getsid(0) != os.getpid():  # its own session and process group: killed as a whole even without namespaces
        os.setsid()
    root = hasattr(os, "setresuid") and os.getuid() == 0  # (macOS's root has no setresuid: it stays root)
    group = _memory_cap(walls, server, number)
    if linux():
        _namespaces(walls, root, keep_fds, group)
    return walls, me, root


def enter(folder: Path, job: int, needed: list[str], keep_fds: tuple[int, ...], processes: int, server: int,
          unseen: list[str] = (), views: list[str] = (), prepared: tuple | None = None) -> Walls:
    """Wall in this (forked) process; returns in the process that will run learner code.

    folder: an empty directory the server made for this job (the working folder where no private
    /tmp can be mounted); needed: the paths the child reads (workbook, target, data, packages);
    keep_fds: the descriptors it keeps (its record pipe, its log); processes: the server's uid's count of
    processes (the process cap is that many more, or PROCESSES_ABOVE_NOW for a uid or a count of the job's own); job:
    a number no other child of the server has (its uid's, and with server, its cgroup's name); server: the server's
    pid; unseen: files of the graded folder it is not shown;
    views: the graded folder's folders it sees through a tmpfs of its own (katas/progress.py's Tree); prepared:
    prepare()'s result where it ran before the job was known."""
    walls, me, root = prepared or prepare(keep_fds, server, job)
    needed = [p for p in needed if os.path.exists(p)]
    if root and "mount namespace" in walls.held:
        _reveal(walls, [*needed, str(folder)])  # before the working folder's tmpfs: it must stay writable
    if "mount namespace" in walls.held:
        _hide(walls, os.environ.get("KATAS_PRIVATE"))
        _hide(walls, os.environ.get("KATAS_STATE"))  # the grader's memory of every exercise (red team 125 read it)
        _hide_sockets(walls, needed)
    work = _work_folder(walls, folder, needed) if "mount namespace" in walls.held else folder
    if "mount namespace" in walls.held:
        _hide_files(walls, work, unseen, views)
    uid = _uid_for(job) if root else me[0]
    if root and not _readable(uid, needed):
        walls.missing.append(f"uid drop ({_UNREADABLE})")
        uid = 0
    for sub in ("", "cwd", "tmp"):
        os.makedirs(work / sub, exist_ok=True)
        if root and uid:
            os.chown(work / sub, uid, uid)
    if root and uid:
        _drop_to(walls, uid)
    elif root and linux():
        _powerless(walls)
    elif linux() and "user namespace" in walls.held:
        _as_me(walls, *me)
        _drop_capabilities(walls)
    if linux():
        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # after the uid change, which clears it
        # no transparent huge pages (see syscalls: one mostly dropped holds 2 MiB where 4 KiB shows), for good
        if _libc().prctl(_PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0:
            walls.held.append("no huge pages")
        else:
            walls.missing.append(f"no huge pages ({os.strerror(ctypes.get_errno())})")
        _own_keyrings(walls, clear_user=root and uid >= UID_BASE)
        why = syscalls.deny()  # keys, namespaces, mounts, fallocate(KEEP_SIZE): each reached past these walls
        walls.missing.append(f"kernel calls refused ({why})") if why else walls.held.append("kernel calls refused")
    walls.uid = uid
    own_count = uid >= UID_BASE or "user namespace" in walls.held and _kernel() >= (5, 14)
    _limits(walls, 0 if own_count else processes)
    os.chdir(work / "cwd")
    tmp = str(work / "tmp")
    os.environ.update(TMPDIR=tmp, HOME=str(work / "cwd"), MPLCONFIGDIR=tmp, USER="learner", LOGNAME="learner")
    import tempfile

    tempfile.tempdir = None  # pytest's tmp_path and tempfile both land in the private folder
    walls.work = str(work)
    return walls


def _why_not(err: int) -> str:
    """Why unshare failed, in words: a count used up is the signature of a process that holds every namespace the
    user may have (red team 5, #3), and the system's "No space left on device" would send one to the disk."""
    return _USED_UP if err in (errno.ENOSPC, errno.EUSERS) else os.strerror(err)


def _namespaces(walls: Walls, root: bool, keep_fds: tuple[int, ...], group: Path | None) -> None:
    """A PID namespace (with a keeper outside it) and a mount namespace; a user namespace when not root."""
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    if os.getpid() == 1:  # forked into a PID namespace of its own by the server (root: PidNamespaces)
        walls.held.append("PID namespace")
    flags = (0 if os.getpid() == 1 else _CLONE_NEWPID) | (0 if root else _CLONE_NEWUSER)
    if flags and libc.unshare(flags) != 0:
        walls.missing.append(f"PID namespace ({_why_not(ctypes.get_errno())})")
        if root:
            flags = 0
        elif libc.unshare(_CLONE_NEWUSER) != 0:
            walls.missing.append(f"user namespace ({_why_not(ctypes.get_errno())})")
            flags = 0
        else:
            flags = _CLONE_NEWUSER
    if flags & _CLONE_NEWUSER:
        try:
            # root of this namespace (kernel.shm* of an IPC namespace are its root's to write), itself again in
            # a nested one once the walls are up (_as_me)
            for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
                with open(f"/proc/self/{name}", "w") as f:
                    f.write(text)
            walls.held.append("user namespace")
            _write_limits(walls, "user", WATCH_LIMITS, "file watch limits")
        except OSError as e:
            walls.missing.append(f"user namespace ({e.strerror})")
    if flags & _CLONE_NEWPID:
        _fork_keeper(keep_fds, group)  # from here on: the namespace's first process
        walls.held.append("PID namespace")
    if libc.unshare(_CLONE_NEWIPC) == 0:  # System V shared memory and queues outlive processes: not these
        walls.held.append("IPC namespace")
        _write_limits(walls, "kernel", IPC_LIMITS, "IPC limits", f"System V IPC under {IPC_LIMITS['shmmax'] >> 20} MiB")
    else:
        walls.missing.append(f"IPC namespace ({os.strerror(ctypes.get_errno())})")
    if libc.unshare(_CLONE_NEWNET) == 0:  # no socket reaches the machine's (localhost services, abstract names)
        walls.held.append("network namespace")
        _write_limits(walls, "net/unix", {"max_dgram_qlen": DATAGRAMS_QUEUED}, "datagram queue limit")
    else:
        walls.missing.append(f"network namespace ({os.strerror(ctypes.get_errno())})")
    if libc.unshare(_CLONE_NEWNS) != 0:
        walls.missing.append(f"mount namespace ({os.strerror(ctypes.get_errno())})")
        return
    try:
        _check(libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None), "private mounts")
        _check(_read_only(b"/"), "read-only mounts")
        walls.held.append("mount namespace")
        walls.held.append("read-only file systems")
    except OSError as e:
        walls.missing.append(f"read-only file systems ({e.strerror})")
        return
    if os.path.isdir("/dev"):  # no terminal (a child writes to no one's, whoever owns it), and no kernel device a
        _own_dev(walls)  # child need not open (as root, red team 109 held 2.5 GiB of kernel memory, in no cgroup, in
        # opens of /dev/kmsg where dmesg_restrict is off)
    if os.getpid() == 1:  # its own PID namespace (root's too, forked into one): a /proc that lists only its own
        if libc.mount(b"proc", b"/proc", b"proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None) == 0:
            walls.held.append("private /proc")
            _read_only_sysctls(walls)
        else:
            walls.missing.append(f"private /proc ({os.strerror(ctypes.get_errno())})")


_DEVICES = ("null", "zero", "full", "random", "urandom")
# /dev/zero is /dev/full in a child's view: it reads zeros as before, but cannot be mapped. A shared map of /dev/zero
# keeps every page written in a hidden file however much of the map is unmapped after (red team 66 held 4 GiB in maps
# trimmed to a page each, as an ordinary user and as root with no cgroup); the filter caps a shared anonymous map,
# the other way to such a file, at SHARED_MAP_LIMIT, and the runner counts each one mapped at that (katas/measure.py)
_BOUND_FROM = {"zero": "full"}
ZERO_WALL = "no map of /dev/zero"
_GPU_DEVICES = ("nvidia", "dri", "kfd", "dxg")  # NVIDIA's (nvidia-caps/ too), AMD's, WSL's


def _own_dev(walls: Walls) -> None:
    """A read-only /dev of its own holding only null, zero, full, random, urandom and the GPUs'
    nodes (bound from the real /dev, reached through a descriptor once it is covered), /dev/fd and the standard
    streams' links, and empty pts/ and shm/. The user's own console or a serial line of one of its groups is not in
    it (red team 20 wrote a window title and a fake score to a terminal the learner owned)."""
    libc = _libc()
    try:
        real = os.open("/dev", os.O_PATH | os.O_DIRECTORY)
    except OSError as e:
        walls.missing.append(f"no terminal ({e.strerror})")
        return
    covered = False
    try:
        names = sorted(n for n in os.listdir(f"/proc/self/fd/{real}") if n in _DEVICES or n.startswith(_GPU_DEVICES))
        _check(libc.mount(b"katas", b"/dev", b"tmpfs", _MS_NOSUID | _MS_NOEXEC, b"size=65536,mode=0755"), "/dev")
        covered = True
        for folder in ("pts", "shm"):
            os.mkdir(f"/dev/{folder}", 0o755)
        for link, to in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
            os.symlink(to, f"/dev/{link}")
        for name in names:
            source = f"/proc/self/fd/{real}/{_BOUND_FROM.get(name, name)}"
            if os.path.isdir(source):
                os.mkdir(f"/dev/{name}")
            else:
                os.close(os.open(f"/dev/{name}", os.O_CREAT | os.O_WRONLY, 0o644))
            _bind(source, f"/dev/{name}", _MS_BIND | _MS_REC)
        _check(_read_only(b"/dev"), "read-only /dev")
        walls.held.append("no terminal")
        if "zero" in names and "full" in names:
            walls.held.append(ZERO_WALL)
    except OSError as e:
        if covered:  # half built: the real /dev again, whole
            libc.umount2(b"/dev", _MNT_DETACH)
        why = os.strerror(e.errno) if e.errno else e.strerror
        walls.missing += [f"no terminal ({why})", f"{ZERO_WALL} ({why})"]
    finally:
        os.close(real)


def _read_only_sysctls(walls: Walls) -> None:
    """The fresh /proc's sys/ read-only: as an ordinary user, learner code owns its IPC namespace's user namespace
    and could raise the limits _write_limits set (red team 8 held 1.5 GiB that way)."""
    if _libc().mount(b"/proc/sys", b"/proc/sys", None, _MS_BIND | _MS_REC, None) == 0 and _read_only(b"/proc/sys") == 0:
        walls.held.append("read-only kernel settings")
    else:
        walls.missing.append(f"read-only kernel settings ({os.strerror(ctypes.get_errno())})")


# System V IPC in the child's own namespace: a segment detached by every process is in no one's resident set
# (1.5 GiB held past a 1 GiB cap in user mode), and message queues hold kernel memory: small limits, not counts. A
# queue's bytes bound its messages' count too, and an empty message still takes 64 bytes (red team 73 queued 16 x
# 65,536 of them: 64 MiB): 4 queues of 8 KiB hold 2 MiB at most
IPC_LIMITS = {"shmmax": 16 * 2**20, "shmall": 16 * 2**20 // 4096, "shmmni": 16, "msgmni": 4, "msgmnb": 8192,
              "msgmax": 8192, "sem": "32 256 32 16"}


# File-watch queues of the child's user namespace (and the nested one learner code runs in): each holds up to
# max_queued_events of kernel memory, which the runner counts only while a descriptor holds it (katas/measure.py)
# (red team 15 filled 128 instances, a GiB, as an ordinary user); and as many watches as an editor's few files need:
# watches count for the user as a whole, and red team 19 left none to the user's other programs
WATCH_LIMITS = {"max_inotify_instances": 8, "max_fanotify_groups": 8, "max_inotify_watches": 1024,
                "max_fanotify_marks": 1024}
# Datagrams a Unix socket of the child's network namespace may hold from senders other than its peer (Linux's
# default is 10): the runner counts each datagram socket at what that many and its peer's can hold (katas/measure.py)
DATAGRAMS_QUEUED = 2


def _write_limits(walls: Walls, where: str, limits: dict, name: str, held: str | None = None) -> None:
    """Written in the new namespace's /proc/sys (the user, IPC or network namespace's own, whose user namespace's root
    this process is, or root), before the mounts make /proc/sys read-only; name is the wall's, held its words."""
    try:
        for setting, value in limits.items():
            with open(f"/proc/sys/{where}/{setting}", "w") as f:
                f.write(str(value))
        walls.held.append(held or name)
    except OSError as e:
        walls.missing.append(f"{name} ({e.strerror})")


class PidNamespaces:
    """Under root, the server's next fork is the first process of a PID namespace of its own: no keeper, no
    second fork of a process that holds torch (tens of milliseconds a child)."""

    def __init__(self):
        self.own = None
        if linux() and hasattr(os, "getuid") and os.getuid() == 0:
            try:
                self.own = os.open("/proc/self/ns/pid", os.O_RDONLY)
            except OSError:
                pass

    def before_fork(self) -> bool:
        return self.own is not None and _libc().unshare(_CLONE_NEWPID) == 0

    def after_fork(self) -> None:
        """The server's later forks in its own namespace again (else they would share the last child's)."""
        if _libc().setns(self.own, _CLONE_NEWPID) != 0:
            raise OSError(ctypes.get_errno(), "setns back to the server's PID namespace")


def _fork_keeper(keep_fds: tuple[int, ...], group: Path | None) -> None:
    """Fork the namespace's first process; this one becomes its keeper: it waits, mirrors its end and never
    returns. The first process dies when its keeper does (the server or the runner kills the keeper)."""
    alive_r, alive_w = os.pipe()  # the keeper holds the write end: EOF on it means the keeper is gone
    pid = os.fork()
    if pid == 0:
        os.close(alive_w)
        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        import select

        if select.select([alive_r], [], [], 0)[0]:  # the keeper died before the line above
            os._exit(137)
        os.close(alive_r)
        return
    os.close(alive_r)
    for fd in keep_fds:  # only the namespace holds the record pipe: its end is the runner's EOF
        try:
            os.close(fd)
        except OSError:
            pass
    status = 1
    try:
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
    finally:
        if group is not None and os.WIFSIGNALED(status) and out_of_memory(group):
            os._exit(OUT_OF_MEMORY)
        if os.WIFSIGNALED(status):
            try:
                import resource

                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # the keeper's own death leaves no core
            except (ImportError, ValueError, OSError):
                pass
            sig = os.WTERMSIG(status)
            signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
        os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _under(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


def _work_folder(walls: Walls, folder: Path, needed: list[str]) -> Path:
    """A private size-capped tmpfs: over /tmp (and bound over /dev/shm) when nothing the child reads
    lives there; else on the job's own folder (and /tmp stays read-only)."""
    libc = _libc()
    real = [os.path.realpath(p) for p in needed]
    private_tmp = not any(_under(p, "/tmp") for p in real) and not _under(str(folder.resolve()), "/dev/shm")
    mount_at = Path("/tmp") if private_tmp else folder
    # inodes capped: an empty file takes no block, but its inode and name take kernel memory no cap counts as an
    # ordinary user (red team 12: 2.3 GB of them, tmpfs's default being half the machine's pages)
    opts = f"size={DISK_LIMIT},nr_inodes={INODE_LIMIT},mode=1777".encode()
    if libc.mount(b"katas", str(mount_at).encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, opts) != 0:
        walls.missing.append(f"private working folder ({os.strerror(ctypes.get_errno())})")
        return folder
    walls.held.append("private /tmp" if private_tmp else "private working folder (/tmp read-only)")
    work = mount_at / "katas-work" if private_tmp else mount_at
    shm = work / "shm"
    os.makedirs(shm, exist_ok=True)
    os.chmod(shm, 0o1777)
    if not any(_under(p, "/dev/shm") for p in real) and os.path.isdir("/dev/shm"):
        if libc.mount(str(shm).encode(), b"/dev/shm", None, _MS_BIND, None) == 0:
            walls.held.append("private /dev/shm")
        else:
            walls.missing.append(f"private /dev/shm ({os.strerror(ctypes.get_errno())})")
    return work


def _hide(walls: Walls, private: str | None) -> None:
    """A folder of the grader's behind an empty read-only tmpfs: the server's private folder (its log), which a child
    of the same user would read where /tmp stays in view (a workbook under /tmp), and the grader's state folder (what
    it remembers of every exercise, and --reset's backups of the learner's files: red team 125 read progress.json's
    results and fingerprints of files the child is not shown, and a pass was kept after another exercise's changed)."""
    if not private or not os.path.isdir(private):
        return
    if _libc().mount(b"katas", os.fsencode(private), b"tmpfs", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC | 1,
                     b"size=4096") == 0:
        walls.held.append("the server's files hidden")
    else:
        walls.missing.append(f"the server's files hidden ({os.strerror(ctypes.get_errno())})")


def _hide_files(walls: Walls, work: Path, paths: list[str], views: list[str]) -> None:
    """Each of paths that is no folder (the exercise files an exercise's remembered result does not depend on, their
    files in __pycache__, and FIFOs that children graded at once could talk through: katas/progress.py's
    Dependencies.unseen) an empty file in the child's view, and each of views (the graded folder, and those of its
    folders that hold a Python file, a file of __pycache__, or one that is no regular file) seen through a read-only
    tmpfs of its own: its Python files copies, its other entries bound from the real ones, paths empty files. Its
    times and its listing's inode numbers (readdir's) are then not the real ones, which no fingerprint holds: a file
    bound over a path left them, and told a hidden file's save (red team 122: a pass that read them was kept by
    --watch after another exercise file was saved). A tree not walked to its end, which no fingerprint remembers,
    has no views: the paths there get an empty file of the working folder bound over each."""
    hidden: dict[str, set[str]] = {}
    for path in paths:  # (in a view, whether it is there or not: see _view)
        if os.path.dirname(path) in views or _no_folder(path):
            hidden.setdefault(os.path.dirname(path), set()).add(os.path.basename(path))
    if not hidden and not views:
        return
    try:
        empty = work / "unseen"
        _touch(empty, 0o444)
        for folder in views:  # (a folder before those inside it)
            _view(folder, hidden.pop(folder, set()), set(views))
        for folder, names in hidden.items():  # (outside every view)
            for name in names:
                _bind(empty, f"{folder}/{name}")
        if views:
            _check(_read_only(os.fsencode(views[0])), "read-only")
    except OSError as e:
        walls.missing.append(f"{UNSEEN_WALL} ({e.strerror or os.strerror(e.errno)})")
    else:
        walls.held.append(UNSEEN_WALL)


def _view(folder: str, hidden: set[str], views: set[str]) -> None:
    """folder seen through a tmpfs: Python files as copies, the folders of views as the real ones (each seen through
    its own next), every other entry bound from the real one (a link made again), all made in the order of their
    names (a listing's order told of another file's save on tmpfs and btrfs: red team 125), before any learner code
    runs. Of hidden, an exercise file is an empty file whether it is there or not, and whatever it is (red team 125
    told one there from one not, and read where a link led), and a file of __pycache__ is not there at all (Python
    writes one when the learner runs a file)."""
    real = os.open(folder, os.O_PATH | os.O_DIRECTORY)
    try:
        source, names = f"/proc/self/fd/{real}", sorted(os.listdir(f"/proc/self/fd/{real}"))
        cache = os.path.basename(folder) == "__pycache__"
        _check(_libc().mount(b"katas", os.fsencode(folder), b"tmpfs", _MS_NOSUID | _MS_NODEV,
                             f"size={VIEW_BYTES},nr_inodes={len(names) + len(hidden) + 16},mode=0755".encode()),
               "tmpfs")
        for name in sorted({*names, *(() if cache else hidden)}):
            place = f"{folder}/{name}"
            try:
                st = os.stat(name, dir_fd=real, follow_symlinks=False)
            except FileNotFoundError:
                st = None
            if name in hidden and not (st and stat.S_ISDIR(st.st_mode)):  # (a folder of its name is walked)
                if not cache:
                    _touch(place, 0o444)
            elif st is None:
                continue
            elif stat.S_ISLNK(st.st_mode):
                os.symlink(os.readlink(name, dir_fd=real), place)
            elif stat.S_ISDIR(st.st_mode):
                os.mkdir(place)
                _bind(f"{source}/{name}", place, _MS_BIND | (0 if place in views else _MS_REC))
            elif not stat.S_ISREG(st.st_mode):
                _touch(place, 0o444)
            elif name.endswith(".py") and st.st_size <= _COPIED:
                with open(os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=real), "rb") as src, \
                        open(_new_file(place, 0o644), "wb") as dst:
                    dst.write(src.read(_COPIED))
            else:
                _touch(place, 0o644)
                _bind(f"{source}/{name}", place)
    finally:
        os.close(real)


def _touch(path, mode: int) -> None:
    """A new empty file at path."""
    os.close(_new_file(path, mode))


def _new_file(path, mode: int) -> int:
    """A new file at path, of mode whatever the umask (red team 132: under umask 077, root's copies were its own to
    read, and the job's uid failed every exercise): its descriptor, open for writing."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
    os.fchmod(fd, mode)
    return fd


def _bind(source, target, flags: int = _MS_BIND) -> None:
    """source bound over target (OSError, saying which, where the kernel refuses)."""
    _check(_libc().mount(os.fsencode(source), os.fsencode(target), None, flags, None), os.path.basename(target))


_COPIED = 2**20  # bytes of a Python file copied into a view (katas/progress.py's SOURCE_LIMIT): a larger one is bound
VIEW_BYTES = 96 * 2**20  # a view's tmpfs: its copies (a fingerprint reads 64 MiB of Python files at most)


UNSEEN_WALL = WALL_NAMES[-1]


def _no_folder(path: str) -> bool:
    """Whether path is there and no folder: a file, a FIFO, a socket, a device (stat waits on none of them)."""
    try:
        return not stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


# where services put their Unix sockets (a read-only mount does not stop a connect): empty in the child's view
SOCKET_PLACES = ("/run", "/var/run", "/tmp/.X11-unix", "/tmp/.ICE-unix", "/var/lib/docker", "/dev/log")


def _hide_sockets(walls: Walls, needed: list[str]) -> None:
    """The machine's service sockets (dbus, the user's systemd, docker, X11, syslog) behind empty read-only
    tmpfs, or /dev/null over a socket file; any place holding a path the child reads is left."""
    libc, real = _libc(), [os.path.realpath(p) for p in needed]
    places = {os.path.realpath(p) for p in (*SOCKET_PLACES, os.environ.get("XDG_RUNTIME_DIR") or "/run")}
    hidden = True
    for place in sorted(places):
        if not os.path.exists(place) or any(_under(p, place) for p in real):
            continue
        if os.path.isdir(place):
            ok = libc.mount(b"katas", place.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC | 1,
                            b"size=4096,mode=0555") == 0
        else:
            ok = libc.mount(b"/dev/null", place.encode(), None, _MS_BIND, None) == 0
        hidden = hidden and ok
    if hidden:
        walls.held.append("service sockets hidden")
    else:
        walls.missing.append(f"service sockets hidden ({os.strerror(ctypes.get_errno())})")


def _reveal(walls: Walls, needed: list[str]) -> None:
    """Folders only root may enter (/root holding Python, pytest's /tmp/pytest-of-root) would hide what the
    child must read once it drops root: in this mount namespace each is replaced by a read-only folder
    that shows only the needed entries (bound from the real ones) and nothing else of it."""
    for _ in range(8):  # a folder shown may hold another that only root enters
        blocked: dict[str, set[str]] = {}
        for path in needed:
            parts = Path(path).parts
            for i in range(1, len(parts)):
                folder = os.path.join(*parts[:i])
                if not os.stat(folder).st_mode & 0o001:  # others may not enter
                    blocked.setdefault(folder, set()).add(parts[i])
                    break
        if not blocked:
            return
        for folder, entries in blocked.items():
            if not _show_only(folder, entries):
                walls.missing.append("a read-only view of a folder only root enters")
                return
    walls.held.append("folders only root enters: shown in part")


def _show_only(folder: str, entries: set[str]) -> bool:
    libc = _libc()
    fds = {name: os.open(os.path.join(folder, name), os.O_PATH) for name in entries}
    try:
        if libc.mount(b"katas", folder.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, b"size=65536,mode=0755") != 0:
            return False
        for name, fd in fds.items():
            place = os.path.join(folder, name)
            if os.path.isdir(f"/proc/self/fd/{fd}"):
                os.mkdir(place)
            else:
                open(place, "w").close()
            if libc.mount(f"/proc/self/fd/{fd}".encode(), place.encode(), None, _MS_BIND | _MS_REC, None) != 0:
                return False
        return _read_only(folder.encode()) == 0
    finally:
        for fd in fds.values():
            os.close(fd)


def _own_keyrings(walls: Walls, clear_user: bool) -> None:
    """A new empty session keyring (the grader's, inherited across the uid drop, was readable); under root, the
    job uid's own keyrings emptied (they outlive the process: a key left by an earlier grading)."""
    number = _SYS_KEYCTL.get(os.uname().machine)
    if number is None:
        walls.missing.append("keyrings of its own (an unknown machine)")
        return
    libc = _libc()
    if libc.syscall(number, _KEYCTL_JOIN_SESSION_KEYRING, None) < 0:
        walls.missing.append(f"keyrings of its own ({os.strerror(ctypes.get_errno())})")
        return
    if clear_user:
        for ring in (_KEY_SPEC_USER_KEYRING, _KEY_SPEC_USER_SESSION_KEYRING):
            libc.syscall(number, _KEYCTL_CLEAR, ring)
    walls.held.append("keyrings of its own")


def _uid_for(job: int) -> int:
    """A uid of the job's own: siblings cannot signal, trace or write each other (and a random offset per
    server: job 1 of the next grading is another uid)."""
    uid = UID_BASE + (UID_OFFSET + job) % UID_SPAN
    try:
        os.setresuid(-1, uid, -1)  # can this container take it? (back to root at once)
        os.setresuid(-1, 0, -1)
        return uid
    except OSError:
        return NOBODY


def jobs_have_uids() -> bool:
    """Does each job run as a uid of its own (root on Linux: enter drops to one, or grade.py refuses to start)?"""
    return linux() and hasattr(os, "setresuid") and os.geteuid() == 0


def unreadable(paths: list[str]) -> list[str]:
    """As root on Linux, the paths that others may not read (a folder, enter too): a job's uid could not, and a child
    would have to keep root, so grade.py refuses to start (red team 87 rewrote a learner's file with the
    capabilities root had kept, red team 90 drew on the console and wrote the disk through root's device nodes with
    none). The folders above them need not be open: the child's view shows them (_reveal). Elsewhere none."""
    if not jobs_have_uids():
        return []
    return [p for p in paths if os.stat(p).st_mode & (0o005 if os.path.isdir(p) else 0o004) not in (0o005, 0o004)]


def closed_above(paths: list[str]) -> list[str]:
    """As root on Linux where no mount namespace can be made (a container without CAP_SYS_ADMIN), the folders above
    paths that only root may enter (/root holding Python): with no view of its own to show them (_reveal), a child
    would keep root, and root with no capability still writes root's files, the learner's among them (red team 90:
    not yet defended until this): grade.py refuses to start. Elsewhere, and where one can be made, none."""
    if not jobs_have_uids():
        return []
    above = dict.fromkeys(str(parent) for p in paths for parent in reversed(Path(p).parents))
    closed = [folder for folder in above if not os.stat(folder).st_mode & 0o001]
    return closed if closed and not _mount_namespace_possible() else []


def _mount_namespace_possible() -> bool:
    """Can a child make the mount namespace its walls need (as enter's _namespaces does, root's way)? Asked of a
    fork, which ends at once."""
    pid = os.fork()
    if pid == 0:
        made = False
        try:
            libc = _libc()
            made = libc.unshare(_CLONE_NEWNS) == 0 and libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) == 0
        finally:
            os._exit(0 if made else 1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def _powerless(walls: Walls) -> None:
    """Root kept (a folder turned unreadable after grade.py looked): with no capability left, none to regain by an
    exec or a uid change (securebits locked), nothing to open by handle."""
    libc = _libc()
    if libc.prctl(_PR_SET_SECUREBITS, _SECURE_NO_ROOT, 0, 0, 0) != 0:
        walls.missing.append(f"capabilities dropped ({os.strerror(ctypes.get_errno())})")
        return
    for cap in range(64):  # the bounding set: beyond the kernel's last capability, EINVAL
        libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)
    _drop_capabilities(walls)


_PR_SET_SECUREBITS, _PR_CAPBSET_DROP = 28, 24
# SECBIT_NOROOT, SECBIT_NO_SETUID_FIXUP, SECBIT_KEEP_CAPS_LOCKED and NO_CAP_AMBIENT_RAISE, each with its lock
_SECURE_NO_ROOT = 0b11101111


def _readable(uid: int, paths: list[str]) -> bool:
    """Can uid read (and walk into) every path the child needs? Asked as uid, then root again."""
    if uid == 0:
        return True
    try:
        os.setresgid(-1, uid, -1)
        os.setresuid(-1, uid, -1)
        try:
            return all(os.access(p, os.R_OK, effective_ids=True) for p in paths)
        finally:
            os.setresuid(-1, 0, -1)
            os.setresgid(-1, 0, -1)
    except OSError:
        return False


def _drop_to(walls: Walls, uid: int) -> None:
    """root -> uid, with no supplementary group and no capability (the kernel clears them with the uid)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _no_new_privileges()
    walls.held.append(f"uid {uid}")


def _as_me(walls: Walls, uid: int, gid: int) -> None:
    """From root of the user namespace that made the walls to the user itself, in a nested namespace that maps only
    that user (to the same uid outside): learner code sees its own uid and owns none of the namespaces."""
    if _libc().unshare(_CLONE_NEWUSER) != 0:
        walls.missing.append(f"user namespace ({_why_not(ctypes.get_errno())})")
        return
    try:
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} 0 1"), ("gid_map", f"{gid} 0 1")):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
    except OSError as e:
        walls.missing.append(f"user namespace ({e.strerror})")


def _drop_capabilities(walls: Walls) -> None:
    """In the user namespace: the capabilities that made the mounts go, so none can be undone."""

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    data = (ctypes.c_uint32 * 6)()
    if _libc().capset(ctypes.byref(Header(0x20080522, 0)), data) == 0:
        walls.held.append("no capabilities")
    else:
        walls.missing.append(f"capabilities dropped ({os.strerror(ctypes.get_errno())})")
    _no_new_privileges()


def _no_new_privileges() -> None:
    if linux():
        _libc().prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def user_processes(uid: int) -> int:
    n = 0
    try:
        for p in Path("/proc").iterdir():
            if p.name.isdigit():
                try:
                    n += p.stat().st_uid == uid
                except OSError:
                    pass
    except OSError:
        return 4096
    return n


def _kernel() -> tuple[int, int]:
    """Linux's version: from 5.14 on, a user namespace counts only the processes made in it against the process
    cap (red team 11: a cap of your count plus 256 let a child make as many more again as you ran)."""
    try:
        major, minor = os.uname().release.split(".")[:2]
        return int(major), int("".join(c for c in minor if c.isdigit()) or 0)
    except (ValueError, AttributeError):
        return (0, 0)


def _limits(walls: Walls, processes: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        walls.missing.append("resource limits (not POSIX)")
        return
    # signals queued and POSIX message queues count for the user as a whole: a child that filled them left none to
    # the user's other programs (red team 19's timer_create failed outside while it lived); no page locked: a 4 KiB
    # page locked keeps its whole large folio of page cache (2 MiB) from reclaim, in no resident set (red team 70
    # pinned 1.8 GiB behind 7.6 MB locked, as an ordinary user and as root with no cgroup); no real-time scheduling
    # nor a priority above the user's, which a user's limits may allow (audio setups): a SCHED_FIFO process is in no
    # CPU share, and would leave the grader and the user's programs a sliver of each core (red team 109)
    for limit, value in ((resource.RLIMIT_FSIZE, OUTPUT_LIMIT), (resource.RLIMIT_CORE, 0),
                         (getattr(resource, "RLIMIT_SIGPENDING", None), SIGNALS_QUEUED),  # Linux's only
                         (getattr(resource, "RLIMIT_MSGQUEUE", None), 0),
                         (getattr(resource, "RLIMIT_MEMLOCK", None), 0),
                         (getattr(resource, "RLIMIT_RTPRIO", None), 0), (getattr(resource, "RLIMIT_NICE", None), 0)):
        if limit is None:
            continue
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass
    try:  # the runner reads every descriptor of every process of a child; 256 x 20,000 also neared file-max as root
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        top = min(hard, OPEN_FILES) if hard != resource.RLIM_INFINITY else OPEN_FILES
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, top) if soft != resource.RLIM_INFINITY else top, top))
    except (ValueError, OSError):
        pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
    cap = processes + PROCESSES_ABOVE_NOW  # root ignores it: hence the uid drop
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        if hard == resource.RLIM_INFINITY or cap < hard:
            resource.setrlimit(resource.RLIMIT_NPROC, (cap, cap))
            walls.held.append(f"at most {cap} processes")
    except (ValueError, OSError, AttributeError):
        walls.missing.append("process cap")
