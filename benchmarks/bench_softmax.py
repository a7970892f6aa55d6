"""Benchmark: the reference Fashion-MNIST loader against d2l's torchvision pipeline, training softmax regression.

Both train the scratch softmax regression of solutions/ch3_6 (W ~ N(0, 0.01), lr 0.1, batch 256)
with the reference train_ch3; only the data pipeline differs:
  reference  solutions/ch3_5 load_data_fashion_mnist: uint8 tensors read once, batched by indexing
  d2l        torchvision FashionMNIST + transforms.ToTensor() per image, DataLoader with workers
The d2l pipeline is slow, so by default it trains for fewer epochs (--d2l-epochs) and its time
per epoch is what is compared; its accuracy is compared with the reference's after as many epochs.

    python benchmarks/bench_softmax.py [--epochs 10] [--d2l-epochs 1] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from katas.data import fashion_mnist_root  # noqa: E402
from katas.target import import_file  # noqa: E402


def d2l_loaders(batch_size, workers):
    """d2l 3.5's load_data_fashion_mnist, as in the book."""
    import torchvision
    from torch.utils import data
    from torchvision import transforms

    trans = transforms.ToTensor()
    root = fashion_mnist_root()
    train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans, download=True)
    test = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans, download=True)
    return (data.DataLoader(train, batch_size, shuffle=True, num_workers=workers),
            data.DataLoader(test, batch_size, shuffle=False, num_workers=workers))


def train(scratch, train_iter, test_iter, epochs, seed):
    """Scratch softmax regression with the reference train_ch3: (history, seconds per epoch)."""
    torch.manual_seed(seed)
    W, b = scratch.init_params()

    def updater(batch_size):  # d2l.sgd
        with torch.no_grad():
            for p in (W, b):
                p -= 0.1 * p.grad / batch_size
                p.grad.zero_()

    start = time.perf_counter()
    history = scratch.train_ch3(lambda X: scratch.net(X, W, b), train_iter, test_iter, scratch.cross_entropy,
                                epochs, updater)
    return history, (time.perf_counter() - start) / epochs


def one_pass(it):
    start = time.perf_counter()
    n = sum(len(y) for _, y in it)
    return time.perf_counter() - start, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--d2l-epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--workers", type=int, default=4, help="DataLoader workers of the d2l pipeline (d2l: 4)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    fm = import_file(ROOT / "solutions" / "ch3_5_fashion_mnist.py", "bench")
    scratch = import_file(ROOT / "solutions" / "ch3_6_softmax_scratch.py", "bench")
    os.chdir(tempfile.mkdtemp(prefix="bench-softmax-"))  # train_ch3's Animator writes animator.png here
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs; "
          f"batch {args.batch_size}, lr 0.1, seed {args.seed}")

    start = time.perf_counter()
    train_iter, test_iter = fm.load_data_fashion_mnist(args.batch_size)
    _, n = one_pass(train_iter)
    print(f"reference: first read of the dataset {time.perf_counter() - start:.2f} s")
    ref_pass, _ = one_pass(train_iter)
    history, ref_epoch = train(scratch, train_iter, test_iter, args.epochs, args.seed)
    print(f"reference: one pass over the {n} training examples {ref_pass:.3f} s; "
          f"training {ref_epoch:.2f} s/epoch; test accuracy by epoch "
          + ", ".join(f"{h[2]:.4f}" for h in history))

    d_train, d_test = d2l_loaders(args.batch_size, args.workers)
    d2l_pass, _ = one_pass(d_train)
    d_history, d2l_epoch = train(scratch, d_train, d_test, args.d2l_epochs, args.seed)
    print(f"d2l ({args.workers} workers): one pass over the training set {d2l_pass:.3f} s; training "
          f"{d2l_epoch:.2f} s/epoch over {args.d2l_epochs} epoch(s); test accuracy by epoch "
          + ", ".join(f"{h[2]:.4f}" for h in d_history))

    k = args.d2l_epochs
    print(f"\nspeed-up per training epoch: {d2l_epoch / ref_epoch:.1f}x; per pass over the data: "
          f"{d2l_pass / ref_pass:.1f}x")
    print(f"test accuracy after {k} epoch(s): reference {history[k - 1][2]:.4f}, d2l {d_history[-1][2]:.4f} "
          f"(difference {100 * abs(history[k - 1][2] - d_history[-1][2]):.2f} points)")
    print(f"reference after {args.epochs} epochs: {history[-1][2]:.4f} in {ref_epoch * args.epochs:.1f} s; "
          f"d2l would take about {d2l_epoch * args.epochs:.0f} s for {args.epochs} epochs (extrapolated)")


if __name__ == "__main__":
    main()
