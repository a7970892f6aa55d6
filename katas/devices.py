"""Which devices the tests run on: cpu always, cuda and mps where present."""

from __future__ import annotations

import functools


@functools.cache
def available() -> tuple[str, ...]:
    import torch

    found = ["cpu"]
    if torch.cuda.is_available():
        found.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    return tuple(found)
