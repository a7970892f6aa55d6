"""Figures that work everywhere: inline in Jupyter, saved to PNG on a machine with no display."""

from __future__ import annotations

import os
import sys


def in_jupyter() -> bool:
    """True inside a Jupyter kernel (figures show inline there)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def pyplot():
    """matplotlib.pyplot, on the Agg backend when there is neither a display nor Jupyter."""
    import matplotlib

    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and not in_jupyter():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
