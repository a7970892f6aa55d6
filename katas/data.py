"""Where Fashion-MNIST lives: a local copy of the four original files, never a download in tests.

torchvision looks for <root>/FashionMNIST/raw/<name>.gz; with download=True it checks their
MD5 and extracts them without going online. We lay out such a root under data/ by linking
the copy at $KATAS_FASHION_MNIST (default: ../shared/data/fashion-mnist beside the project).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from katas.catalog import ROOT

FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)
DEFAULT_COPY = ROOT.parent / "shared" / "data" / "fashion-mnist"
DATA_ROOT = ROOT / "data"


def local_copy() -> Path | None:
    """The folder holding the four .gz files, or None when there is no local copy."""
    env = os.environ.get("KATAS_FASHION_MNIST")
    for folder in [Path(env)] if env else [DEFAULT_COPY]:
        if all((folder / f).is_file() for f in FILES):
            return folder
    return None


def fashion_mnist_root() -> Path:
    """The root to pass to torchvision.datasets.FashionMNIST(root=..., download=True).

    With a local copy, its files are linked into data/FashionMNIST/raw/ so torchvision finds
    them; without one, torchvision downloads into data/ as in d2l.
    """
    raw = DATA_ROOT / "FashionMNIST" / "raw"
    copy = local_copy()
    if copy is not None:
        raw.mkdir(parents=True, exist_ok=True)
        for f in FILES:
            dst = raw / f
            if not dst.exists():
                try:
                    dst.symlink_to(copy / f)
                except OSError:  # no symlinks (Windows without developer mode)
                    shutil.copyfile(copy / f, dst)
    return DATA_ROOT
