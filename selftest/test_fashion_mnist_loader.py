"""The reference loader (solutions/ch3_5) gives the batches of d2l's torchvision ToTensor/Resize pipeline.

The reference reads the uint8 images once and batches tensors; d2l converts PIL images one by
one in DataLoader workers. Without resize the batches are equal; with resize, F.interpolate
(bilinear, antialiased, on uint8) matches PIL's bilinear Resize exactly when enlarging; when
shrinking, PIL's fixed-point arithmetic rounds a few pixels differently: at most 2 grey levels
apart (RESIZE_ATOL), and on average less than 0.05 of a level (RESIZE_MEAN).
"""

from __future__ import annotations

import pytest
import torch

from katas.catalog import ROOT
from katas.data import fashion_mnist_root, find
from katas.target import import_file

pytestmark = pytest.mark.skipif(find() is None, reason="no local Fashion-MNIST copy")

RESIZE_ATOL = 2 / 255 + 1e-6
RESIZE_MEAN = 0.05 / 255


@pytest.fixture(scope="module")
def ref():
    return import_file(ROOT / "solutions" / "ch3_5_fashion_mnist.py", "selftest")


def d2l_dataset(train, resize):
    """d2l's dataset: torchvision's FashionMNIST with ToTensor (after Resize when resize)."""
    import torchvision
    from torchvision import transforms

    trans = [transforms.ToTensor()]
    if resize:
        trans.insert(0, transforms.Resize(resize))
    return torchvision.datasets.FashionMNIST(fashion_mnist_root(), train=train, transform=transforms.Compose(trans),
                                             download=True)


def d2l_batch(ds, indices):
    Xs, ys = zip(*(ds[i] for i in indices), strict=True)
    return torch.stack(Xs), torch.tensor(ys)


@pytest.mark.parametrize("resize", [None, 64, (32, 40), 20, 17], ids=str)
def test_test_batches_equal_torchvision(ref, resize):
    batch_size = 384
    _, test_iter = ref.load_data_fashion_mnist(batch_size, resize=resize)
    ds = d2l_dataset(False, resize)
    batches = list(test_iter)
    n = len(ds)
    assert len(batches) == len(test_iter) == -(-n // batch_size)
    atol = RESIZE_ATOL if resize else 0.0
    for k in (0, 1, len(batches) - 1):  # two full batches and the partial last one
        X, y = batches[k]
        eX, ey = d2l_batch(ds, range(k * batch_size, min(n, (k + 1) * batch_size)))
        assert X.dtype == eX.dtype == torch.float32 and y.dtype == ey.dtype == torch.int64
        assert X.shape == eX.shape, (X.shape, eX.shape)
        assert torch.equal(y, ey)
        err = float((X - eX).abs().max())
        assert err <= atol, f"batch {k}: largest difference {err * 255:.2f}/255 (allowed {atol * 255:.2f}/255)"
        mean = float((X - eX).abs().mean())
        assert mean <= RESIZE_MEAN, f"batch {k}: mean difference {mean * 255:.3f}/255"


def test_train_batches_are_shuffled_torchvision_examples(ref):
    """Each training batch pairs a torchvision training image with its label, in a fresh order per pass."""
    batch_size = 256
    train_iter, _ = ref.load_data_fashion_mnist(batch_size)
    ds = d2l_dataset(True, None)
    labels_of: dict[bytes, set[int]] = {}
    for img, label in zip(ds.data, ds.targets.tolist(), strict=True):
        labels_of.setdefault(img.numpy().tobytes(), set()).add(label)
    first = []
    for _ in range(2):
        X, y = next(iter(train_iter))
        first.append(y)
        assert X.shape == (batch_size, 1, 28, 28) and X.dtype == torch.float32
        for img, label in zip(X, y.tolist(), strict=True):
            key = (img[0] * 255).round().to(torch.uint8).numpy().tobytes()
            assert label in labels_of.get(key, ()), "a training image came with another label, or from elsewhere"
    assert not torch.equal(first[0], first[1]), "the training set is not reshuffled on every pass"
    assert not torch.equal(first[0], ds.targets[:batch_size])
    assert sum(len(y) for _, y in train_iter) == len(ds)
