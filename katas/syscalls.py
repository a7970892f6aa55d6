"""The kernel calls a test child may not make: a seccomp filter for the rest of its life and its children's.

Each refused call reached past the walls of katas/sandbox.py (red teams 4 and 5):
- keys (add_key, request_key, keyctl): a key lives in the kernel and outlives the child (150 keys left);
- namespaces (unshare or clone with a CLONE_NEW* flag, setns): a nested user namespace owns a mount and an IPC
  namespace of its own, where a 4 GiB tmpfs or SysV segment escapes the memory cap, and chains of them use up
  the uid's count so that the next exercise's sandbox gets no walls at all; clone3 answers ENOSYS (its flags
  sit in memory the filter cannot read), so libc falls back to clone, whose flags it reads;
- mounts (mount, umount2, pivot_root and the new mount API): nothing to undo or add in the child's view;
- fallocate with FALLOC_FL_KEEP_SIZE (EOPNOTSUPP): blocks past the file's size took 1.5 GiB of disk past the
  file-size limit; without it the file grows, and RLIMIT_FSIZE bounds it (posix_fallocate never keeps the size);
  and with FALLOC_FL_INSERT_RANGE or COLLAPSE_RANGE, whose shifts RLIMIT_FSIZE does not see (red team 17 grew an
  output file 600 MiB past it between two looks of the disk watch);
- record locks (fcntl F_SETLK, F_SETLKW and their open-file forms: ENOLCK): each byte range locked is kernel memory
  no memory cgroup v1 counts (red team 17 held 961 MiB in 5 million of them); flock too (ENOLCK): an eventfd,
  epoll, timerfd or pidfd is a file of the machine's one anonymous inode, whose list of locks each lock and unlock
  walks under a spinlock, so that locks taken by the thousand cost quadratic kernel time, and a killed child's
  processes spun in exit on both cores for 86 s after grade.py had ended, slowing every flock of the machine (red
  team 97: 56,000 locks); nothing graded locks a file; fcntl's F_NOTIFY too (ENOLCK), whose watches are a list on
  the folder's inode that every close walks (red team 103: 116,000 on the graded folder, 88 s of exits); and
  leases (F_SETLEASE), with which a child held up an editor's save of a workbook file for 45 s (red team 18);
- io_uring (ENOSYS): an operation submitted through a ring is a call no filter sees (red team 9 reserved 1.5 GiB
  with a ring's fallocate);
- io_setup (ENOSYS): Linux AIO's contexts are counted machine-wide (aio-max-nr), so one child could take them all
  (red team 12);
- memfd_secret (ENOSYS): its pages are in no resident set and show as no memfd (red team 11 held 3 caps' worth);
- perf_event_open (EACCES, as where perf_event_paranoid forbids it): an event opened to be inherited is copied into
  every process forked after it, in kernel memory no memory cgroup counts and often no descriptor holds (red team 21
  held 1.8 GiB so under a 1 GiB cap); and bpf (EPERM), whose maps are kernel memory too where unprivileged BPF is on;
- vmsplice (ENOSYS): a page given to a pipe keeps its whole huge page after the process unmaps it (red teams 27 and
  28 held 3 GiB in six pipes the watch counts at 1 MiB each); written data is copied, one page a slot, as counted;
  and splice, tee and sendfile (ENOSYS; shutil's copies fall back to read and write), which put a file's page-cache
  pages in a pipe or a socket the same way: one 4 KiB page a slot kept a 2 MiB folio (red team 31 pinned 2 GiB);
- more seccomp filters (seccomp, prctl(PR_SET_SECCOMP): EPERM) and Landlock rulesets (ENOSYS): kernel memory no
  memory cgroup v1 counts, thousands a thread (red team 31 stacked 430,000 filters, 1.7 GiB of vmalloc);
- prctl(PR_SET_DUMPABLE) (EPERM): a process that is not dumpable closes its /proc/PID/fd, maps and network
  namespace to the runner of the same uid, which then counted nothing behind its descriptors (red team 35 held
  1.5 GiB of memfds so, as an ordinary user);
- prctl(PR_FUTEX_HASH) (EPERM): a private futex hash of 2^24 slots is a GiB of vmalloc a process, in no resident set
  (red team 33, Linux 6.16);
- setsockopt at any level but the socket's, and a socket filter program at that one (ENOPROTOOPT): a TCP MD5 key is
  kernel memory of its socket that no memory cgroup v1 counts (red team 33 held 1.8 GiB in 9.6 million, as root),
  and so are IP options, multicast memberships and filter programs; the child's IP sockets reach nothing anyway;
- mbind and set_mempolicy_home_node (ENOSYS, as on a kernel without NUMA): each page range of a shared memory file
  given a policy of its own is a node of the file's policy tree, slab that no memory cgroup is charged and no
  resident set shows, kept while the file lives (red team 38: 1.6 GiB under a 1 GiB cap, from an empty memfd);
- setxattr and its forms (EOPNOTSUPP, as on a file system without extended attributes): a POSIX ACL of 8,000 entries
  on each empty file of the private tmpfs is kernel memory that no memory cgroup is charged (red team 31: 2.5 GiB
  in 20,000 of them under a 1 GiB cap);
- inotify_init, inotify_init1 and fanotify_init (ENOSYS, as on a kernel without them): a file-watch queue sent away
  in flight, its descriptor closed, holds its events where no look counts them (red team 60 held 1.8 GiB in 128
  of each as root, where no cgroup counted them); nothing graded watches files;
- userfaultfd, and x86's modify_ldt (ENOSYS, as on a kernel without them): a userfaultfd keeps the address space it
  was opened in after an exec, with its page tables and a 64 KiB descriptor table, where no look counts them (red
  team 76 held 2.5 GiB in 36,000, as an ordinary user and as root with no cgroup); nothing graded uses either;
- unshare(CLONE_FILES), and clone of a thread without CLONE_FILES (EPERM): a thread with a descriptor table of its own
  holds descriptors that /proc/PID/fd, which the runner reads, does not list (red team 60 held 2 GiB of memfd files
  so);
- prctl(PR_SET_PDEATHSIG) (EPERM): a child that cleared the death signal its walls set outlived its killed keeper
  (red team 11, with setsid to leave its process group);
- prctl(PR_SET_THP_DISABLE) (EPERM): the walls turn transparent huge pages off; a huge page whose pages but one were
  dropped with MADV_DONTNEED keeps its 2 MiB on the kernel's deferred-split queue while its resident set shows 4 KiB
  (red team 57 held 2.1 GiB so under a 1 GiB cap, as an ordinary user);
- setsid (EPERM, as for a process group leader): Linux schedules each session as one group (autogroup), so a child's
  busy processes share one session's CPU; each in a session of its own took nearly all of it (red team I6). The
  child's own session is made before the filter.
- ioctl FS_IOC_ADD_ENCRYPTION_KEY (EOPNOTSUPP, as on a file system without encryption): a key added to the file
  system's keyring stays there after the child (red team 79 could not try it: this machine's ext4 has no
  encryption);
- sendto, sendmsg and sendmmsg with MSG_MORE (EOPNOTSUPP): a datagram held back stays in its socket, and a UDP
  socket disconnected (connect(AF_UNSPEC)) leaves the namespace's list, which the runner reads under a cgroup, with
  it (red team 94 held 1.9 GiB so in 30,000 under a 1 GiB cgroup v1 cap, which charged 216 MiB);
- name_to_handle_at and open_by_handle_at (EOPNOTSUPP, as on a file system without file handles): a child that kept
  root's capabilities opened a learner's file for writing by its handle through a descriptor of the read-write
  mount outside its view (red team 87); the walls drop them, and nothing graded opens files by handle;
- sockets of families other than Unix, IP and netlink (EAFNOSUPPORT): the runner counts what a child's sockets may
  hold from its network namespace's lists of Unix and netlink sockets (katas/measure.py), where the others (the
  kernel's crypto API, KCM, TIPC, ...) show no queue; its IP sockets reach nothing (its loopback is down).
- the page cache's state, read or changed by hand: posix_fadvise, readahead, mincore and cachestat (ENOSYS, as on a
  kernel without them), preadv2 and pwritev2 with RWF_NOWAIT (EOPNOTSUPP), madvise's MADV_COLD and MADV_PAGEOUT
  (EINVAL), and process_madvise (ENOSYS), which gives them by a process's descriptor (red team 123): the cache is
  shared by every child and grading, and red team 119 passed a bit from one exercise file to another, and to a later
  grading, by evicting a page of a file every child may read and probing it (a timing of reads remains: not
  defended).
Nothing in Python, torch, pytest or the grader needs them in a child. memfd_create stays: NVIDIA's CUDA driver
needs it to start (cudaErrorOperatingSystem under a filter that refuses it); the runner counts memfd files.
Linux only; well under a microsecond a call.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct

_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_LD_W_ABS, _JEQ_K, _JGT_K, _JSET_K, _AND_K, _RET_K = 0x20, 0x15, 0x25, 0x45, 0x54, 0x06
_ALLOW = 0x7FFF0000  # SECCOMP_RET_ALLOW
_X32_BIT = 0x40000000  # x86_64's x32 calls carry this bit on the same numbers
_ARG0, _ARG1, _ARG2, _ARG3 = 16, 24, 32, 40  # seccomp_data.args[0..3]: their low words (little-endian machines)
_SHARED_ANONYMOUS = 0x21  # MAP_SHARED | MAP_ANONYMOUS
SHARED_MAP_LIMIT = 64 << 20  # the most one shared anonymous map may hold (as a file written: OUTPUT_LIMIT)
_KEEP_SIZE = 0x01  # FALLOC_FL_KEEP_SIZE (PUNCH_HOLE needs it too)
_MSG_MORE = 0x8000  # sendto's, sendmsg's and sendmmsg's flag that holds a datagram back in its socket
_SHIFTS = 0x08 | 0x20  # FALLOC_FL_COLLAPSE_RANGE, FALLOC_FL_INSERT_RANGE: the file-size limit does not see them
_LOCKS = (6, 7, 13, 14, 37, 38, 1024)  # fcntl's F_SETLK, F_SETLKW (and 64-bit forms), F_OFD_SETLK(W), F_SETLEASE
# fcntl's F_NOTIFY (dnotify): each watch is an entry on the directory inode's one list, which every add, every close
# and every read of a file in that folder walks: red team 103's 116,000 on the graded folder kept a killed child's
# 199 processes in exit 88 s after grade.py had ended, and slowed reads of the folder tenfold (inotify and fanotify
# were already refused); nothing graded watches a folder
_F_NOTIFY = 1026
_NEW_NAMESPACES = 0x7E020000  # CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET
_NEW_TIME = 0x80  # CLONE_NEWTIME: unshare's only (clone's low byte is the exit signal)
_CLONE_FILES, _CLONE_THREAD = 0x400, 0x10000  # a thread's descriptor table of its own is in no /proc/PID/fd


def _refuse(code: int) -> int:
    return 0x00050000 | code  # SECCOMP_RET_ERRNO(code)


# audit arch -> the numbers of the calls refused (clone, unshare and fallocate only with the flags above)
_KEYS_X86_64, _KEYS_I386, _KEYS_ARM64 = (248, 249, 250), (286, 287, 288), (217, 218, 219)
_MOUNT_API = (428, 429, 430, 431, 432, 433, 442, 467)  # open_tree .. fspick, mount_setattr, open_tree_attr
_CALLS = {
    0xC000003E: {"keys": _KEYS_X86_64, "setns": 308, "mount": (165, 166, 155, *_MOUNT_API),
                 "fallocate": 285, "clone": 56, "unshare": 272, "setsid": 112, "prctl": 157, "aio": 206,
                 "socket": (41, 53), "fcntl": (72,), "flock": 73, "perf": 298, "bpf": 321, "vmsplice": 278,
                 "seccomp": 317, "pages": (275, 276, 40), "mbind": 237, "xattr": (188, 189, 190), "setsockopt": 54,
                 "mmap": 9, "watches": (253, 294, 300), "held_spaces": (323, 154), "ioctl": 16,
                 "handles": (303, 304), "sends": ((44, 3), (46, 2), (307, 3)),
                 "cache": (221, 187, 27), "preadv2": (327, 328), "madvise": 28},
    0x40000003: {"keys": _KEYS_I386, "setns": 346, "mount": (21, 22, 52, 217, *_MOUNT_API),
                 "fallocate": 324, "clone": 120, "unshare": 310, "setsid": 66, "prctl": 172, "aio": 245,
                 "socket": (359, 360), "fcntl": (55, 221), "flock": 143, "perf": 336, "bpf": 357, "vmsplice": 316,
                 "seccomp": 354, "pages": (313, 315, 187, 239), "mbind": 274, "xattr": (226, 227, 228),
                 "setsockopt": 366, "socketcall": 102, "mmap": 192, "old_mmap": 90,
                 "watches": (291, 332, 338), "held_spaces": (374, 123), "ioctl": 54,
                 "handles": (341, 342), "sends": ((369, 3), (370, 2), (345, 3)),
                 "cache": (250, 272, 225, 218), "preadv2": (378, 379), "madvise": 219},  # (i386 only: its old
    # multiplexers read their arguments from memory: the socket family, old mmap's flags)
    0xC00000B7: {"keys": _KEYS_ARM64, "setns": 268, "mount": (40, 39, 41, *_MOUNT_API),
                 "fallocate": 47, "clone": 220, "unshare": 97, "setsid": 157, "prctl": 167, "aio": 0,
                 "socket": (198, 199), "fcntl": (25,), "flock": 32, "perf": 241, "bpf": 280, "vmsplice": 75,
                 "seccomp": 277, "pages": (76, 77, 71), "mbind": 235, "xattr": (5, 6, 7), "setsockopt": 208,
                 "mmap": 222, "watches": (26, 262), "held_spaces": (282,), "ioctl": 29,
                 "handles": (264, 265), "sends": ((206, 3), (211, 2), (269, 3)),
                 "cache": (223, 213, 232), "preadv2": (286, 287), "madvise": 233},
}
_CLONE3 = 435  # the same number everywhere
_IO_URING = (425, 426, 427)  # io_uring_setup, _enter, _register: the same everywhere
_MEMFD_SECRET = 447  # the same everywhere
_LANDLOCK = (444, 445, 446)  # landlock_create_ruleset, _add_rule, _restrict_self: the same everywhere
_SETXATTRAT = 463  # the same everywhere
_MEMPOLICY_HOME_NODE = 450  # set_mempolicy_home_node: the same everywhere
_CACHESTAT = 451  # the same everywhere
_PROCESS_MADVISE = 440  # the same everywhere: madvise's advice given to a process by its descriptor (red team 123)
_RWF_NOWAIT = 0x08  # preadv2's and pwritev2's flag: fail rather than wait for a page not in the cache
_MADV_COLD, _MADV_PAGEOUT = 20, 21  # madvise's advice that takes a file's pages out of the page cache
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_THP_DISABLE, _PR_FUTEX_HASH = 1, 4, 41, 78
_SOL_SOCKET = 1
_FILTERS = (26, 50, 51, 52)  # SO_ATTACH_FILTER, SO_ATTACH_BPF, SO_ATTACH_REUSEPORT_CBPF and _EBPF
_FAMILIES = (1, 2, 10, 16)  # AF_UNIX, AF_INET, AF_INET6, AF_NETLINK: what Python, torch and CUDA open
_FS_IOC_ADD_ENCRYPTION_KEY = 0xC0506617  # a key in the file system's keyring outlives the child (red team 79)


def _block(calls: dict) -> list[tuple]:
    """One machine's checks: the call number, for clone, unshare and fallocate their flags, and for socket and
    socketpair the family."""
    refused = [(n, errno.EPERM) for n in (*calls["keys"], calls["setns"], *calls["mount"], calls["setsid"],
                                          calls["bpf"], calls["seccomp"])]
    refused += [(n, errno.EOPNOTSUPP) for n in (*calls["xattr"], _SETXATTRAT, *calls["handles"])]
    refused.append((calls["perf"], errno.EACCES))
    refused.append((calls["flock"], errno.ENOLCK))  # as record locks are
    refused.append((_CLONE3, errno.ENOSYS))
    refused += [(n, errno.ENOSYS) for n in (*_IO_URING, _MEMFD_SECRET, calls["aio"], calls["vmsplice"],
                                            *calls["pages"], *_LANDLOCK, calls["mbind"], *calls["watches"],
                                            _MEMPOLICY_HOME_NODE, *calls["held_spaces"], *calls["cache"],
                                            _CACHESTAT, _PROCESS_MADVISE)]  # as on a
    # kernel without them; and i386's socketcall, whose socket family sits in memory the filter cannot read (red team
    # 29 made an AF_VSOCK socket through int 0x80 from a 64-bit child): libc makes the direct calls
    refused += [(n, errno.ENOSYS) for n in ([calls["socketcall"], calls["old_mmap"]] if "socketcall" in calls else [])]
    # seccomp_data.nr; x86_64's x32 calls (its bit set) answer ENOSYS, as where x32 is off: some have numbers of their
    # own (vmsplice 532, io_setup 543, setsockopt 541), which the checks below would let by (red team 82)
    code = [(_LD_W_ABS, 0, 0, 0), (_JSET_K, 0, 1, _X32_BIT), (_RET_K, 0, 0, _refuse(errno.ENOSYS))]
    for number, why in refused:
        code += [(_JEQ_K, 0, 1, number), (_RET_K, 0, 0, _refuse(why))]
    sends = [(number, _ARG0 + 8 * arg, _MSG_MORE, errno.EOPNOTSUPP) for number, arg in calls["sends"]]
    sends += [(number, _ARG0 + 8 * 5, _RWF_NOWAIT, errno.EOPNOTSUPP) for number in calls["preadv2"]]  # (its flags)
    for number, at, flags, why in ((calls["unshare"], _ARG0, _NEW_NAMESPACES | _NEW_TIME | _CLONE_FILES, errno.EPERM),
                                   (calls["fallocate"], _ARG1, _KEEP_SIZE | _SHIFTS, errno.EOPNOTSUPP), *sends):
        code += [(_JEQ_K, 0, 4, number), (_LD_W_ABS, 0, 0, at), (_JSET_K, 0, 1, flags),
                 (_RET_K, 0, 0, _refuse(why)), (_RET_K, 0, 0, _ALLOW)]
    # clone: no namespace, and no thread with a descriptor table of its own
    code += [(_JEQ_K, 0, 7, calls["clone"]), (_LD_W_ABS, 0, 0, _ARG0), (_JSET_K, 0, 1, _NEW_NAMESPACES),
             (_RET_K, 0, 0, _refuse(errno.EPERM)), (_AND_K, 0, 0, _CLONE_THREAD | _CLONE_FILES),
             (_JEQ_K, 0, 1, _CLONE_THREAD), (_RET_K, 0, 0, _refuse(errno.EPERM)), (_RET_K, 0, 0, _ALLOW)]
    code += _one_of(calls["prctl"], _ARG0, (_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_SECCOMP, _PR_FUTEX_HASH,
                                            _PR_SET_THP_DISABLE), _refuse(errno.EPERM), _ALLOW)
    # setsockopt: only the socket level's options, less a filter program
    refusal = _refuse(errno.ENOPROTOOPT)
    options = [(_LD_W_ABS, 0, 0, _ARG1), (_JEQ_K, 1, 0, _SOL_SOCKET), (_RET_K, 0, 0, refusal),
               (_LD_W_ABS, 0, 0, _ARG2), *[(_JEQ_K, len(_FILTERS) - n, 0, v) for n, v in enumerate(_FILTERS)],
               (_RET_K, 0, 0, _ALLOW), (_RET_K, 0, 0, refusal)]
    code += [(_JEQ_K, 0, len(options), calls["setsockopt"]), *options]
    # a shared anonymous map of at most SHARED_MAP_LIMIT: its pages, dropped from the map with MADV_DONTNEED, stay in
    # a hidden file that no resident set shows (red team 53 held 3 GiB so as an ordinary user); the runner counts each
    # one mapped at that limit (katas/measure.py)
    refusal = _refuse(errno.ENOMEM)
    shared = [(_LD_W_ABS, 0, 0, _ARG3), (_AND_K, 0, 0, _SHARED_ANONYMOUS), (_JEQ_K, 0, 5, _SHARED_ANONYMOUS),
              (_LD_W_ABS, 0, 0, _ARG1 + 4), (_JEQ_K, 0, 2, 0), (_LD_W_ABS, 0, 0, _ARG1),
              (_JGT_K, 0, 1, SHARED_MAP_LIMIT), (_RET_K, 0, 0, refusal), (_RET_K, 0, 0, _ALLOW)]
    code += [(_JEQ_K, 0, len(shared), calls["mmap"]), *shared]
    code += _one_of(calls["ioctl"], _ARG1, (_FS_IOC_ADD_ENCRYPTION_KEY,), _refuse(errno.EOPNOTSUPP), _ALLOW)
    code += _one_of(calls["madvise"], _ARG2, (_MADV_COLD, _MADV_PAGEOUT), _refuse(errno.EINVAL), _ALLOW)
    for number in calls["fcntl"]:  # a record lock or lease, or a directory watch: the command is the second argument
        code += _one_of(number, _ARG1, (*_LOCKS, _F_NOTIFY), _refuse(errno.ENOLCK), _ALLOW)
    for number in calls["socket"]:  # socket, socketpair: the family is their first argument
        code += _one_of(number, _ARG0, _FAMILIES, _ALLOW, _refuse(errno.EAFNOSUPPORT))
    return [*code, (_RET_K, 0, 0, _ALLOW)]


def _one_of(number: int, at: int, values: tuple[int, ...], then: int, otherwise: int) -> list[tuple]:
    """For call number (else on to the next check): then when its argument at is one of values, else otherwise."""
    compare = [(_JEQ_K, len(values) - n, 0, v) for n, v in enumerate(values)]  # a match jumps to `then`
    return [(_JEQ_K, 0, len(compare) + 3, number), (_LD_W_ABS, 0, 0, at), *compare,
            (_RET_K, 0, 0, otherwise), (_RET_K, 0, 0, then)]


def _program() -> bytes:
    code = [(_LD_W_ABS, 0, 0, 4)]  # seccomp_data.arch: it stays in the accumulator until a block is entered
    for arch, calls in _CALLS.items():
        block = _block(calls)
        code += [(_JEQ_K, 0, len(block), arch), *block]
    code.append((_RET_K, 0, 0, _ALLOW))  # an unknown machine: nothing refused
    return b"".join(struct.pack("HBBI", *op) for op in code)


def deny() -> str | None:
    """Refuse those calls from now on in this process and its children: None, or why it could not."""
    program = _program()
    buffer = ctypes.create_string_buffer(program)

    class Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = Prog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        return os.strerror(ctypes.get_errno())
    return None
