"""Fashion-MNIST for the workbook: where it is, how to fetch it, and the tensors the tests read.

One lookup answers "where is it", in this order: $KATAS_FASHION_MNIST, data/FashionMNIST/raw/
(torchvision's own download folder), ../shared/data/fashion-mnist/ beside the workbook. A folder
counts when it holds the four original .gz files. `python grade.py --fetch-data` downloads them
into data/FashionMNIST/raw/ through torchvision's download_url (MD5-checked); $KATAS_DATA_MIRROR (a
URL prefix) replaces torchvision's mirrors. Tests never download: without the files they say how
to get them.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from katas.catalog import ROOT

# The four original files and their MD5 (torchvision.datasets.FashionMNIST.resources).
FILES = {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}
DATA_ROOT = ROOT / "data"  # what torchvision calls root: it reads root/FashionMNIST/raw/
DOWNLOAD_DIR = DATA_ROOT / "FashionMNIST" / "raw"
FETCH_COMMAND = "python grade.py --fetch-data"
SHARED_DIR = ROOT.parent / "shared" / "data" / "fashion-mnist"  # maintainers' and CI's copy beside the repo


class FetchError(Exception):
    """The download failed; the message says why and what to do."""


def folders() -> list[Path]:
    """Where the files are looked for, in order."""
    env = os.environ.get("KATAS_FASHION_MNIST")
    return [*([Path(env).expanduser()] if env else []), DOWNLOAD_DIR, SHARED_DIR]


def find() -> Path | None:
    """The first folder holding all four files, or None."""
    return next((f for f in folders() if all((f / name).is_file() for name in FILES)), None)


def missing_message() -> tuple[str, str]:
    """What a test says when the files are nowhere: the command to run and the folders checked.

    The shared folder is named only where ../shared exists: a learner has none, and a path outside
    the workbook would only send them looking for it.
    """
    where = ", ".join(_shown(f) for f in folders() if f != SHARED_DIR or SHARED_DIR.parent.parent.is_dir())
    return (
        f"Fashion-MNIST is missing: run `{FETCH_COMMAND}` (30 MB, once), or put its four .gz files in "
        f"{_shown(DOWNLOAD_DIR)} (looked in: {where})",
        f"缺少 Fashion-MNIST 数据集：请运行 `{FETCH_COMMAND}`（约 30 MB，只需一次），或把四个 .gz 文件放进 "
        f"{_shown(DOWNLOAD_DIR)}（已查找：{where}）",
    )


def _shown(p: Path) -> str:
    if p == SHARED_DIR:
        return "../shared/data/fashion-mnist/"
    try:
        return str(p.resolve().relative_to(ROOT)) + "/"
    except ValueError:
        return str(p) + "/"


def mirrors() -> list[str]:
    """URL prefixes to download from: $KATAS_DATA_MIRROR alone when set, else torchvision's."""
    mirror = os.environ.get("KATAS_DATA_MIRROR")
    if mirror:
        return [mirror if mirror.endswith("/") else mirror + "/"]
    from torchvision.datasets import FashionMNIST

    return list(FashionMNIST.mirrors)


def not_intact() -> list[str]:
    """The files data/FashionMNIST/raw/ lacks, or holds with a wrong MD5: what fetch() would download."""
    from torchvision.datasets.utils import check_integrity

    return [name for name, md5 in FILES.items() if not check_integrity(str(DOWNLOAD_DIR / name), md5)]


def fetch(progress: bool | None = None, names: list[str] | None = None) -> Path:
    """Download the four files into data/FashionMNIST/raw/ (those already there and intact are kept).

    Each file lands in a temporary folder first and is moved into place only once its MD5 matches,
    so an interrupted or corrupt download never looks like data. Safe to run again. names: the files
    to fetch when the caller has just asked not_intact() (each MD5 check reads the file).
    """
    from torchvision.datasets.utils import download_url

    progress = sys.stderr.isatty() if progress is None else progress
    DOWNLOAD_DIR.mkdir(parents=True, exist_ok=True)
    for name in not_intact() if names is None else names:
        md5, dest = FILES[name], DOWNLOAD_DIR / name
        errors = []
        for mirror in mirrors():
            with tempfile.TemporaryDirectory(dir=DOWNLOAD_DIR) as tmp:
                try:
                    with _quiet(not progress):
                        download_url(mirror + name, tmp, name, md5)
                except Exception as e:  # URLError, HTTPError, RuntimeError on a bad MD5, ...
                    reason = "its MD5 does not match (corrupt download)" if "corrupted" in str(e) else str(e)
                    errors.append(f"{mirror}{name}: {reason}")
                    continue
                os.replace(Path(tmp) / name, dest)
                break
        else:
            raise FetchError("; ".join(errors))
    return DOWNLOAD_DIR


@contextlib.contextmanager
def _quiet(on: bool):
    """Hide the download's percentage lines (torch.hub's tqdm writes them to stderr) when not on a TTY."""
    if not on:
        yield
        return
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def fashion_mnist_root() -> Path:
    """The root to pass to torchvision.datasets.FashionMNIST(root=..., download=True).

    torchvision reads root/FashionMNIST/raw/; a copy found elsewhere is linked in there. Without any
    copy, torchvision downloads into data/ as in d2l.
    """
    found = find()
    if found is not None and found.resolve() != DOWNLOAD_DIR.resolve():
        DOWNLOAD_DIR.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            dst = DOWNLOAD_DIR / name
            if not dst.exists():
                try:
                    dst.symlink_to(found.resolve() / name)
                except OSError:  # no symlinks (Windows without developer mode)
                    shutil.copyfile(found / name, dst)
    return DATA_ROOT


def read_idx(raw: bytes):
    """An IDX file's bytes (the MNIST format) as a uint8 tensor of its stated shape, sharing the bytes."""
    import torch

    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return torch.frombuffer(bytearray(raw), dtype=torch.uint8, offset=4 + 4 * ndim).reshape(dims)


_TENSORS: list = []  # the tensors, made once per process (the test server's: every child shares them)


def fashion_mnist_tensors():
    """(train_X, train_y, test_X, test_y): X float32 (n, 1, 28, 28) in [0, 1], y int64.

    Read once per process. Raises FileNotFoundError, with missing_message()'s words, without a copy.
    """
    if not _TENSORS:
        import gzip

        folder = find()
        if folder is None:
            raise FileNotFoundError(missing_message()[0])
        for split in ("train", "t10k"):
            with gzip.open(folder / f"{split}-images-idx3-ubyte.gz", "rb") as f:
                images = read_idx(f.read())
            with gzip.open(folder / f"{split}-labels-idx1-ubyte.gz", "rb") as f:
                labels = read_idx(f.read())
            _TENSORS.extend([images.unsqueeze(1).float().div_(255), labels.long()])
    return tuple(_TENSORS)
