"""No key of a test child's outlives it: the kernel's key syscalls are refused to learner code.

Keys live in the kernel, not in a process: one added to its uid's user or persistent keyring outlives
the child (red team 4: 150 keys still held after the grading). The sandbox empties the keyrings
before learner code runs (katas/sandbox.py); deny() then installs a seccomp filter that answers
add_key, request_key and keyctl with EPERM for the rest of the child's life and its children's.
Nothing in Python, torch or the grader uses them. Linux only; a few microseconds.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct

_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_LD_W_ABS, _JEQ_K, _AND_K, _RET_K = 0x20, 0x15, 0x54, 0x06
_ALLOW, _DENY = 0x7FFF0000, 0x00050000 | errno.EPERM  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO(EPERM)
_X32_BIT = 0x40000000  # x86_64's x32 calls carry this bit on the same numbers
# audit arch -> add_key, request_key, keyctl (x86_64, its i386 compat calls, aarch64)
_CALLS = {0xC000003E: (248, 249, 250), 0x40000003: (286, 287, 288), 0xC00000B7: (217, 218, 219)}


def _program() -> bytes:
    code = [(_LD_W_ABS, 0, 0, 4)]  # seccomp_data.arch
    for arch, numbers in _CALLS.items():
        block = [(_LD_W_ABS, 0, 0, 0), (_AND_K, 0, 0, 0xFFFFFFFF ^ _X32_BIT)]  # seccomp_data.nr
        deny_at = len(block) + len(numbers) + 1
        block += [(_JEQ_K, deny_at - (len(block) + i) - 1, 0, n) for i, n in enumerate(numbers)]
        block += [(_RET_K, 0, 0, _ALLOW), (_RET_K, 0, 0, _DENY)]
        code += [(_JEQ_K, 0, len(block), arch), *block]
        code.append((_LD_W_ABS, 0, 0, 4))  # the arch again for the next test
    code.append((_RET_K, 0, 0, _ALLOW))
    return b"".join(struct.pack("HBBI", *op) for op in code)


def deny() -> str | None:
    """Refuse the key syscalls from now on in this process and its children: None, or why it could not."""
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
