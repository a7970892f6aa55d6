"""Benchmark: LeNet trained by train_ch6 with the reference loader against d2l's torchvision pipeline.

Both train d2l's LeNet (solutions/ch6_6 lenet(), batch 256, lr 0.9, the same seed) with the same
reference train_ch6, in the same run, on CUDA when there is one (else the CPU); only the data differs:
  reference  Fashion-MNIST read once as tensors, moved to the device once and batched by indexing
             there (katas.testkit.Batches); the test set is evaluated in batches of 2500
  d2l        torchvision FashionMNIST + transforms.ToTensor() per image, DataLoader with 4 workers,
             and train_ch6's X.to(device), y.to(device) for every batch (test batches of 256)
Seconds per epoch are wall clock, evaluation included, from the second epoch on (the first one
warms up CUDA and cuDNN); the first epoch is shown apart. The Animator's drawing (one PNG per
epoch, the same cost for both) is left out unless --plot.

    python benchmarks/bench_lenet.py [--epochs 3] [--train 60000] [--workers 4] [--device cuda|cpu] [--plot]

On a CPU-only machine check that it runs with a subset: --epochs 2 --train 5000.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from katas.data import fashion_mnist_root, fashion_mnist_tensors  # noqa: E402
from katas.target import import_file  # noqa: E402
from katas.testkit import Batches  # noqa: E402


class D2L:
    """The reference's d2l namespace with another Animator."""

    def __init__(self, real, animator):
        self._real, self.Animator = real, animator

    def __getattr__(self, name):
        return getattr(self._real, name)


def reference_loaders(batch_size, device, n_train):
    """Tensors on the device, batched by indexing there."""
    train_X, train_y, test_X, test_y = fashion_mnist_tensors()
    train_X, train_y = train_X[:n_train].to(device), train_y[:n_train].to(device)
    return (Batches(train_X, train_y, batch_size, shuffle=True),
            Batches(test_X.to(device), test_y.to(device), 2500))


def d2l_loaders(batch_size, workers, n_train):
    """d2l 3.5's load_data_fashion_mnist, as in the book (a Subset when n_train < 60000)."""
    import torchvision
    from torch.utils import data
    from torchvision import transforms

    trans = transforms.ToTensor()
    root = fashion_mnist_root()
    train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans, download=True)
    test = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans, download=True)
    if n_train < len(train):
        train = data.Subset(train, range(n_train))
    return (data.DataLoader(train, batch_size, shuffle=True, num_workers=workers),
            data.DataLoader(test, batch_size, shuffle=False, num_workers=workers))


def train(lenet, train_iter, test_iter, epochs, lr, device, seed, plot):
    """(history, seconds of each epoch) of the reference train_ch6 on a fresh LeNet."""
    ends = []

    class Clock:
        """Stands in for d2l.Animator: train_ch6 adds a point at the end of each epoch (after its GPU waits)."""

        def __init__(self, *args, **kwargs):
            self.real = real.Animator(*args, **kwargs) if plot else None

        def add(self, x, y):
            if self.real:
                self.real.add(x, y)
            ends.append(time.perf_counter())

    real = lenet.d2l
    lenet.d2l = D2L(real, Clock)  # train_ch6 reads d2l.Animator from its module
    try:
        torch.manual_seed(seed)
        net = lenet.lenet()
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            history = lenet.train_ch6(net, train_iter, test_iter, epochs, lr, device)
    finally:
        lenet.d2l = real
    stamps = [start, *ends]
    return history, [b - a for a, b in zip(stamps, stamps[1:], strict=False)]


def summary(name, history, seconds):
    later = seconds[1:] or seconds
    accs = ", ".join(f"{h[2]:.4f}" for h in history)
    print(f"{name:>10}: first epoch {seconds[0]:.2f} s, then {statistics.median(later):.3f} s/epoch "
          f"(min {min(later):.3f}); test accuracy by epoch {accs}")
    return statistics.median(later)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--train", type=int, default=60_000, help="training examples (a subset for a CPU check)")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=0.9)
    ap.add_argument("--workers", type=int, default=4, help="DataLoader workers of the d2l pipeline (d2l: 4)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--plot", action="store_true", help="keep the Animator's drawing in both runs")
    args = ap.parse_args()

    device = torch.device(args.device)
    lenet = import_file(ROOT / "solutions" / "ch6_6_lenet.py", "bench")
    os.chdir(tempfile.mkdtemp(prefix="bench-lenet-"))  # the Animator's animator.png lands here with --plot
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"CPU, {torch.get_num_threads()} threads"
    print(f"torch {torch.__version__} on {name}; LeNet, batch {args.batch_size}, lr {args.lr}, "
          f"{args.train} training examples, {args.epochs} epochs, seed {args.seed}")

    t = time.perf_counter()
    ref_iters = reference_loaders(args.batch_size, device, args.train)
    print(f"reference: data read and moved to {device} in {time.perf_counter() - t:.2f} s")
    ref_history, ref_seconds = train(lenet, *ref_iters, args.epochs, args.lr, device, args.seed, args.plot)
    d2l_iters = d2l_loaders(args.batch_size, args.workers, args.train)
    d2l_history, d2l_seconds = train(lenet, *d2l_iters, args.epochs, args.lr, device, args.seed, args.plot)

    print()
    ref_epoch = summary("reference", ref_history, ref_seconds)
    d2l_epoch = summary("d2l", d2l_history, d2l_seconds)
    diff = 100 * abs(ref_history[-1][2] - d2l_history[-1][2])
    print(f"\nspeed-up per epoch: {d2l_epoch / ref_epoch:.1f}x; final test accuracy {ref_history[-1][2]:.4f} "
          f"against {d2l_history[-1][2]:.4f} ({diff:.2f} points apart)")


if __name__ == "__main__":
    main()
