"""d2l 3.5 The image classification dataset (图像分类数据集): Fashion-MNIST."""


import torch

from katas.plotting import pyplot

_TEXT_LABELS = ("t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot")


def get_fashion_mnist_labels(labels):
    """Return the text labels of Fashion-MNIST class indices (ints or a tensor)."""
    return [_TEXT_LABELS[int(i)] for i in labels]


def show_images(imgs, num_rows, num_cols, titles=None, scale=1.5):
    """Plot a grid of images (tensors or PIL images); return the flat array of axes."""
    plt = pyplot()
    _, axes = plt.subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale), squeeze=False)
    axes = axes.flatten()
    for i, (ax, img) in enumerate(zip(axes, imgs, strict=False)):  # imgs may fill fewer axes
        if torch.is_tensor(img):
            img = img.detach().cpu().numpy()  # detach/cpu: works for tensors that need grad or live on a GPU
        ax.imshow(img)
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)
        if titles:
            ax.set_title(titles[i])
    axes[0].figure.tight_layout()  # room for two-line titles such as predict_ch3's 'true\npredicted'
    return axes


def get_dataloader_workers():
    """Worker processes for a torchvision DataLoader; our tensor iterators need none."""
    return 0  # the data is already in memory as one tensor: workers would only add start-up time


# (train, resize) -> (uint8 images (n, 1, h, w), int64 labels), read once per process.
_CACHE = {}


def _tensors(train, resize, root):
    key = (train, resize, None if root is None else str(root))
    if key not in _CACHE:
        import torchvision

        if root is None:
            from katas.data import fashion_mnist_root

            root = fashion_mnist_root()
        ds = torchvision.datasets.FashionMNIST(root=root, train=train, download=True)
        images = ds.data.unsqueeze(1)  # torchvision already holds all images as one uint8 tensor
        if resize:
            images = _resize(images, resize)
        _CACHE[key] = (images, ds.targets.long())
    return _CACHE[key]


def _resize(images, size, chunk=10_000):
    """All images at once, like transforms.Resize does to each PIL image (bilinear, antialiased).

    interpolate works on uint8 directly (rounding as PIL does); chunks bound the memory it needs.
    """
    import torch.nn.functional as F

    size = (size, size) if isinstance(size, int) else tuple(size)
    parts = [F.interpolate(part, size=size, mode="bilinear", antialias=True) for part in images.split(chunk)]
    return torch.cat(parts)


class _TensorIterator:
    """Minibatches of one split held in memory: X float32 in [0, 1], y int64; reshuffled per pass if shuffle.

    The split is read (and resized) on first use, so a split never iterated costs nothing.
    """

    def __init__(self, train, resize, root, batch_size, shuffle):
        self.split, self.batch_size, self.shuffle = (train, resize, root), batch_size, shuffle

    def __len__(self):
        return -(-len(_tensors(*self.split)[1]) // self.batch_size)

    def __iter__(self):
        images, labels = _tensors(*self.split)
        n = len(labels)
        order = torch.randperm(n) if self.shuffle else None
        for i in range(0, n, self.batch_size):
            if order is None:
                X, y = images[i : i + self.batch_size], labels[i : i + self.batch_size]
            else:
                j = order[i : i + self.batch_size]
                X, y = images[j], labels[j]
            yield X.float().div_(255), y  # ToTensor's scaling, one batch at a time


def load_data_fashion_mnist(batch_size, resize=None, root=None):
    """Return (train_iter, test_iter) over Fashion-MNIST; the training set is shuffled.

    X is float32 (B, 1, 28, 28) in [0, 1] (or resize x resize), y int64. Each split is read
    into tensors once per process and batched by indexing: no per-image PIL/ToTensor work.
    """
    return (_TensorIterator(True, resize, root, batch_size, shuffle=True),
            _TensorIterator(False, resize, root, batch_size, shuffle=False))
