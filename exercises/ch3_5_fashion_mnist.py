"""d2l 3.5 The image classification dataset (图像分类数据集): Fashion-MNIST.

Write each function below; its docstring shows the command that checks it.
The data is read offline from the local copy: katas.data.fashion_mnist_root() is the root
to give torchvision (it downloads only when there is no local copy).
数据从本地副本离线读取：把 katas.data.fashion_mnist_root() 作为 torchvision 的 root。
"""

import torch

from katas.plotting import pyplot


def get_fashion_mnist_labels(labels):
    """Return the text labels (a list of str) of Fashion-MNIST class indices (ints or a tensor).

    The ten classes, in order: 't-shirt', 'trouser', 'pullover', 'dress', 'coat',
    'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot'.
    把类别编号（整数或张量）转换成文本标签列表，顺序如上。
    Check it: python grade.py get_fashion_mnist_labels
    """
    # TODO: index a list of the ten names with int(i) for each label
    raise NotImplementedError


def show_images(imgs, num_rows, num_cols, titles=None, scale=1.5):
    """Plot a num_rows x num_cols grid of images and return the flat array of its axes.

    The figure is (num_cols * scale, num_rows * scale) inches. imgs may be 2-D tensors
    (also ones that require grad) or PIL images; titles, when given, label each image.
    Hide the x and y axes. Use plt = pyplot(), which works without a display.
    画出图像网格并返回展平的 axes 数组；图像可以是张量或 PIL 图像；要能在无显示器时运行。
    Check it: python grade.py show_images
    """
    # TODO: plt.subplots(num_rows, num_cols, figsize=...), axes.flatten(), ax.imshow for each image
    raise NotImplementedError


def get_dataloader_workers():
    """Return how many worker processes a DataLoader should use (an int >= 0; d2l uses 4).

    返回 DataLoader 使用的进程数（不小于 0 的整数）。
    Check it: python grade.py load_data_fashion_mnist
    """
    # TODO
    raise NotImplementedError


def load_data_fashion_mnist(batch_size, resize=None, root=None):
    """Return (train_iter, test_iter) over Fashion-MNIST.

    Each batch is (X, y): X float32 of shape (B, 1, 28, 28) with values in [0, 1] (or
    (B, 1, resize, resize) when resize is given), y int64 class indices. The training set
    is shuffled on every pass, the test set is not. root=None means
    katas.data.fashion_mnist_root(), a local copy that torchvision reads without a download.
    d2l's way works (torchvision.datasets.FashionMNIST(root, train, transform, download=True)
    with transforms.ToTensor() and transforms.Resize, in a DataLoader); faster is to read the
    uint8 images once (dataset.data) and batch the tensors yourself.
    返回 Fashion-MNIST 的 (train_iter, test_iter)：X 为 [0, 1] 内的 float32，y 为 int64；
    训练集每轮打乱，测试集不打乱。
    Check it: python grade.py load_data_fashion_mnist
    """
    # TODO: if root is None: from katas.data import fashion_mnist_root; root = fashion_mnist_root()
    raise NotImplementedError
