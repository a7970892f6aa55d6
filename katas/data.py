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


def read_idx(path: Path):
    """An IDX file (the MNIST format, gzipped or not) as a uint8 tensor of its stated shape."""
    import gzip

    import torch

    raw = (gzip.open if path.suffix == ".gz" else open)(path, "rb").read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return torch.frombuffer(bytearray(raw[4 + 4 * ndim :]), dtype=torch.uint8).reshape(dims)


def fashion_mnist_tensors():
    """(train_X, train_y, test_X, test_y): X float32 (n, 1, 28, 28) in [0, 1], y int64.

    Read straight from the local .gz files in one go (about a second), for the tests'
    session-wide fixture; raises FileNotFoundError without a local copy.
    """
    copy = local_copy()
    if copy is None:
        raise FileNotFoundError(
            f"no Fashion-MNIST copy: set KATAS_FASHION_MNIST to a folder with {', '.join(FILES)}"
        )
    out = []
    for split in ("train", "t10k"):
        images = read_idx(copy / f"{split}-images-idx3-ubyte.gz")
        labels = read_idx(copy / f"{split}-labels-idx1-ubyte.gz")
        out += [images.unsqueeze(1).float().div_(255), labels.long()]
    return tuple(out)
