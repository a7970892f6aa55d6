"""The memory cgroups of test children: where a job's may be made, whether a process is in one with the cap,
whether the cap killed something, and their removal once their processes are gone (or, for a grading killed
outright, by the next grading). katas/sandbox.py puts each child into its own.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def memory_limit() -> int:
    """Bytes of memory one child may use: $KATAS_MEMORY_LIMIT, else a quarter of the machine (at least 2 GiB)."""
    if os.environ.get("KATAS_MEMORY_LIMIT", "").isdigit():
        return int(os.environ["KATAS_MEMORY_LIMIT"])
    try:
        ram = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        ram = 8 * 2**30
    return max(2 * 2**30, ram // 4)


def cgroup(server: int, job: int) -> Path | None:
    """The memory cgroup of a job (cgroup v2 where this process's cgroup delegates memory, else v1's
    memory controller), whether it exists or not; None where neither can be made."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    name = f"katas-{server}-{job}"
    for line in lines:
        number, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            base = Path("/sys/fs/cgroup/memory") / path.lstrip("/")
            if os.access(base, os.W_OK):
                return base / name
        if number == "0":
            for top in ("/sys/fs/cgroup", "/sys/fs/cgroup/unified"):
                base = Path(top) / path.lstrip("/")
                try:
                    if "memory" in (base / "cgroup.subtree_control").read_text().split() and os.access(base, os.W_OK):
                        return base / name
                except OSError:
                    continue
    return None


def capped(pid: int) -> bool:
    """Is pid, as the parent sees it now, in a cgroup with a memory cap of at most memory_limit()? Read from
    /proc and /sys, never from what the child said (a forged record once stopped the runner's watch)."""
    return charged(pid) is not None


def charged(pid: int) -> int | None:
    """The bytes the capped cgroup of pid (see capped) charges now, else None."""
    try:
        lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        number, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            places = [(Path("/sys/fs/cgroup/memory") / path.lstrip("/"), "memory.limit_in_bytes",
                       "memory.usage_in_bytes")]
        elif number == "0":
            places = [(Path(top) / path.lstrip("/"), "memory.max", "memory.current")
                      for top in ("/sys/fs/cgroup", "/sys/fs/cgroup/unified")]
        else:
            continue
        for group, cap, usage in places:
            try:
                value = (group / cap).read_text().strip()
                used = (group / usage).read_text().strip()
            except OSError:
                continue
            if value.isdigit() and int(value) <= memory_limit() and group.name.startswith("katas-"):
                return int(used) if used.isdigit() else 0
    return None


def out_of_memory(group: Path) -> bool:
    """Did the cap kill a process of the group?"""
    for name in ("memory.events", "memory.oom_control"):
        try:
            for line in (group / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and value.strip().isdigit() and int(value) > 0:
                    return True
        except OSError:
            continue
    return False


def remove_cgroup(group: Path) -> bool:
    """Remove a job's cgroup once its processes are gone (True when it is gone)."""
    try:
        group.rmdir()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def sweep_stale_groups() -> int:
    """Remove the empty cgroups that gradings killed outright left (katas-<server>-<job> whose server is gone), and
    workers' named katas-0-* by an earlier bug (red team 14 counted 2,700); a cgroup in use cannot be removed."""
    return sum(1 for group in _stale_groups() if remove_cgroup(group))


def stale_groups_in_use() -> list[Path]:
    """The cgroups of jobs whose server is gone that still hold a process: one killed may take seconds to die, and no
    look of the runner's saw those it started last (red team 126's forks, under a cgroup, outlived grade.py by 50 s)."""
    held = []
    for group in _stale_groups():
        try:
            if (group / "cgroup.procs").read_text().strip():
                held.append(group)
        except OSError:
            continue
    return held


def _stale_groups() -> list[Path]:
    one = cgroup(os.getpid(), 0)
    try:
        groups = list(one.parent.glob("katas-*-*")) if one is not None else []
    except OSError:
        return []
    return [g for g in groups if _server_gone(g.name.split("-")[1])]


def _server_gone(server: str) -> bool:
    """Whether the server a cgroup's name holds is gone (0: a worker's, named so by an earlier bug)."""
    return server.isdigit() and (server == "0" or not _alive(int(server)))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep(server: int) -> None:
    """The runner's, once a server is gone: whatever is left in its jobs' cgroups is killed, the cgroups removed."""
    one = cgroup(server, 0)
    if one is None or not one.parent.exists():
        return
    for group in one.parent.glob(f"katas-{server}-*"):
        for _ in range(50):
            try:
                pids = [int(p) for p in (group / "cgroup.procs").read_text().split()]
            except (OSError, ValueError):
                pids = []
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            if remove_cgroup(group):
                break
            time.sleep(0.02)
