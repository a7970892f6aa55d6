"""Which devices the tests run on: cpu and simgpu (a simulated GPU, katas/simdevice.py) always, cuda and mps
where present."""

from __future__ import annotations

import functools
import os


@functools.cache
def available() -> tuple[str, ...]:
    """The devices, found without leaving a CUDA (or Metal) context in this process: it may fork later."""
    import torch

    from katas.simdevice import NAME

    found = ["cpu", NAME]
    if torch.cuda._is_compiled() and _asked_apart(lambda: torch.cuda.is_available()):
        found.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_built() and _asked_apart(mps.is_available):
        found.append("mps")
    return tuple(found)


def _asked_apart(check) -> bool:
    """check(), run in a forked process where one can fork: a driver it starts stays there."""
    if not hasattr(os, "fork"):
        return bool(check())
    pid = os.fork()
    if pid == 0:
        try:
            os._exit(0 if check() else 1)
        except BaseException:  # noqa: BLE001 - the answer is the exit code, whatever happened
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def real(name: str) -> bool:
    """A device that computes for itself (not the simulated one): numerics and speed are its own."""
    from katas.simdevice import NAME

    return name != NAME


def describe(device) -> str:
    """A device as messages name it: the simulated one says what it is (its tensors report "meta")."""
    import torch

    from katas.simdevice import DEVICE, NAME

    d = torch.device(device)
    return f"{d}, {NAME}: a simulated GPU" if d.type == DEVICE.type else str(d)
