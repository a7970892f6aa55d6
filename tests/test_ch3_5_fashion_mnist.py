"""Graded tests for d2l 3.5, the image classification dataset (Fashion-MNIST)."""

import gzip
import random
import reprlib

import pytest
import torch

from katas import data
from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.explain import original
from katas.testkit import keep_picture, png_size

exercise = pytest.mark.exercise

NAMES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"]


# --- get_fashion_mnist_labels ----------------------------------------------------------------


@exercise("get_fashion_mnist_labels")
@pytest.mark.parametrize("kind", ["tensor", "list"])
def test_get_fashion_mnist_labels(impl, kind):
    labels = torch.randint(0, 10, (random.randint(10, 30),))
    labels[:10] = torch.randperm(10)  # every class at least once
    try:
        got = impl.get_fashion_mnist_labels(labels if kind == "tensor" else labels.tolist())
    except IndexError as e:
        fail(f"get_fashion_mnist_labels failed: an index ran past the list of names; look up each label's "
             f"own name, [text_labels[int(i)] for i in labels], with all ten names in order: {', '.join(NAMES)}"
             f" ({original(e)})",
             f"get_fashion_mnist_labels 出错：下标超出了名字列表；要按每个标签查它自己的名字，"
             f"[text_labels[int(i)] for i in labels]，十个名字都要有，按顺序：{', '.join(NAMES)}（{original(e)}）")
    expect(isinstance(got, list),
           f"get_fashion_mnist_labels returned {type(got).__name__}: return a list of str, one per label",
           f"get_fashion_mnist_labels 返回了 {type(got).__name__}：应返回字符串列表，每个标签一个")
    expected = [NAMES[i] for i in labels.tolist()]
    if got == [NAMES[i % 10] for i in range(len(got))] and got != expected:
        fail("get_fashion_mnist_labels listed the names by position: look up each label's own name, "
             "[text_labels[int(i)] for i in labels]",
             "get_fashion_mnist_labels 按位置列出了名字：要按每个标签查它自己的名字，"
             "[text_labels[int(i)] for i in labels]")
    if got == [NAMES[i - 1] for i in labels.tolist()]:
        fail("every name is the one before the right one: class indices count from 0, so "
             "text_labels[int(i)], not text_labels[int(i) - 1]",
             "每个名字都错成了前一个：类别编号从 0 开始，所以是 text_labels[int(i)]，不是 text_labels[int(i) - 1]")
    expect(len(got) == len(expected), f"get_fashion_mnist_labels returned {len(got)} names for {len(expected)} labels",
           f"get_fashion_mnist_labels 对 {len(expected)} 个标签返回了 {len(got)} 个名字")
    for i, (g, e) in zip(labels.tolist(), zip(got, expected, strict=True), strict=True):
        expect(g == e, f"label {i} should be {e!r}, got {g!r}: the ten names in order are {', '.join(NAMES)}",
               f"标签 {i} 应为 {e!r}，实际为 {g!r}：十个类别按顺序是 {', '.join(NAMES)}")


# --- show_images -----------------------------------------------------------------------------


def _show(impl, imgs, rows, cols, titles, scale):
    try:
        return impl.show_images(imgs, rows, cols, titles=titles, scale=scale)
    except (AttributeError, TypeError) as e:
        if "'numpy.ndarray' object has no attribute" in str(e):
            fail(f"show_images failed: plt.subplots(num_rows, num_cols) returns a grid of axes, one row per "
                 f"row of images; flatten it first, axes = axes.flatten(), to pair one axes with each image"
                 f" ({original(e)})",
                 f"show_images 出错：plt.subplots(num_rows, num_cols) 返回的是二维的 axes 网格；"
                 f"先展平 axes = axes.flatten()，每张图才能对应一个 axes（{original(e)}）")
        if not torch.is_tensor(imgs[0]) and "Image" in str(e):
            fail(f"show_images treated a PIL image as a tensor: convert only tensors (torch.is_tensor(img)); "
                 f"ax.imshow takes PIL images as they are ({original(e)})",
                 "show_images 对 PIL 图像调用了 .numpy()：只有张量需要转换（torch.is_tensor(img)），"
                 "PIL 图像可直接 imshow")
        raise
    except RuntimeError as e:
        if "requires grad" in str(e):
            fail("show_images called .numpy() on a tensor that requires grad: use img.detach().cpu().numpy()",
                 "show_images 对需要梯度的张量调用了 .numpy()：请用 img.detach().cpu().numpy()")
        raise


def _check_grid(axes, rows, cols, scale, titles, tmp_path):
    try:
        flat = list(axes)
    except TypeError:
        fail(f"show_images returned {type(axes).__name__}: return the axes (axes.flatten())",
             f"show_images 返回了 {type(axes).__name__}：应返回 axes（axes.flatten()）")
    expect(len(flat) == rows * cols and all(hasattr(a, "get_title") for a in flat),
           f"show_images({rows}, {cols}) should return the {rows * cols} axes as a flat array (axes.flatten()); "
           f"got {len(flat)} items",
           f"show_images({rows}, {cols}) 应返回展平后的 {rows * cols} 个 axes（axes.flatten()），实际 {len(flat)} 个")
    fig = flat[0].figure
    dpi = 40
    path = tmp_path / "grid.png"
    fig.savefig(path, dpi=dpi)
    w, h = png_size(path)
    want = (round(cols * scale * dpi), round(rows * scale * dpi))
    expect(abs(w - want[0]) <= 1 and abs(h - want[1]) <= 1,
           f"the figure is {w}x{h} px at {dpi} dpi, expected {want[0]}x{want[1]}: "
           f"figsize=(num_cols * scale, num_rows * scale)",
           f"图像大小为 {w}x{h} 像素（{dpi} dpi），应为 {want[0]}x{want[1]}："
           "figsize=(num_cols * scale, num_rows * scale)")
    got = [a.get_title() for a in flat[: len(titles)]]
    i = next((i for i, (g, t) in enumerate(zip(got, titles, strict=False)) if g != t), 0)
    expect(got == titles, f"give each image its own title, ax.set_title(titles[i]): axes {i} has the title "
           f"{reprlib.repr(got[i])}, expected {titles[i]!r}",
           f"每张图要有自己的标题 ax.set_title(titles[i])：第 {i} 个子图的标题为 {reprlib.repr(got[i])}，"
           f"应为 {titles[i]!r}")
    shown = [len(a.images) for a in flat[: len(titles)]]
    expect(all(n == 1 for n in shown), "every image should be drawn with ax.imshow(img) in its own axes",
           "每张图都应在自己的子图里用 ax.imshow(img) 画出")
    expect(not flat[0].get_xaxis().get_visible() and not flat[0].get_yaxis().get_visible(),
           "hide the axes: ax.axes.get_xaxis().set_visible(False), and the same for y",
           "要隐藏坐标轴：ax.axes.get_xaxis().set_visible(False)，y 轴同样")


@exercise("show_images")
def test_show_images_tensors(impl, tmp_path, close_figures):
    rows, cols, scale = random.randint(2, 3), random.randint(2, 5), random.choice([1.0, 1.5, 2.0])  # a 2-D grid
    n = rows * cols - random.randint(0, 1)
    h, w = random.randint(8, 28), random.randint(8, 28)
    imgs = torch.rand(n, h, w, requires_grad=True)  # predict_ch3 may pass net inputs; imshow needs plain arrays
    titles = random.choices(NAMES, k=n)
    axes = _show(impl, imgs, rows, cols, titles, scale)
    _check_grid(axes, rows, cols, scale, titles, tmp_path)
    for i, ax in enumerate(list(axes)[:n]):
        drawn = torch.as_tensor(ax.images[0].get_array()).float()
        expect(drawn.shape == (h, w) and close(drawn, imgs[i].detach()),
               f"axes {i} does not show image {i}: pair each axes with its own image, zip(axes, imgs)",
               f"第 {i} 个子图显示的不是第 {i} 张图：每个子图对应自己的图像，zip(axes, imgs)")
    _keep_real_picture(impl)


def _keep_real_picture(impl):
    """The picture kept for the learner: ten Fashion-MNIST test images, one of each class, under their own
    names, drawn by their show_images (the random grid above is for checking, and reads as noise).
    Only where a copy is found, and never a verdict: the test's checks have passed already."""
    folder = data.find()
    if folder is None:
        return
    with gzip.open(folder / "t10k-images-idx3-ubyte.gz", "rb") as f:  # the test set only: 4 MB, quick
        images = data.read_idx(f.read())
    with gzip.open(folder / "t10k-labels-idx1-ubyte.gz", "rb") as f:
        labels = data.read_idx(f.read()).long()
    picks = [int((labels == c).nonzero()[random.randrange(100)]) for c in random.sample(range(10), 10)]
    try:
        axes = impl.show_images(images[picks].float() / 255, 2, 5, titles=[NAMES[int(labels[i])] for i in picks])
        keep_picture("show_images", figure=list(axes)[0].figure)
    except Exception:  # noqa: BLE001 (a picture is a courtesy)
        pass


@exercise("show_images")
def test_show_images_pil(impl, tmp_path, close_figures):
    from PIL import Image

    rows, cols, scale = 1, random.randint(2, 4), 1.5
    imgs = [Image.fromarray(torch.randint(0, 256, (28, 28), dtype=torch.uint8).numpy()) for _ in range(cols)]
    titles = random.sample(NAMES, cols)
    axes = _show(impl, imgs, rows, cols, titles, scale)
    _check_grid(axes, rows, cols, scale, titles, tmp_path)


# --- load_data_fashion_mnist (and get_dataloader_workers) -------------------------------------


def _first(it, what):
    try:
        batch = next(iter(it))
    except StopIteration:
        fail(f"{what} yielded no batch", f"{what} 没有产出任何批次")
    expect(isinstance(batch, (tuple, list)) and len(batch) == 2,
           f"{what} should yield (X, y) pairs, got {type(batch).__name__}",
           f"{what} 应产出 (X, y)，实际为 {type(batch).__name__}")
    return batch


def _check_X(X, shape, what):
    expect(torch.is_tensor(X), f"{what}: X is {type(X).__name__}, expected a tensor: add transforms.ToTensor()",
           f"{what}：X 是 {type(X).__name__}，应是张量：加上 transforms.ToTensor()")
    if tuple(X.shape) == (shape[0], *shape[2:]):
        fail(f"{what}: X has shape {fmt_shape(X.shape)}, expected {fmt_shape(shape)}: keep the channel dimension",
             f"{what}：X 的形状是 {fmt_shape(X.shape)}，应为 {fmt_shape(shape)}：要保留通道维")
    if tuple(X.shape) == (shape[0], 1, 28, 28) and shape[2:] != (28, 28):
        fail(f"{what}: X has shape {fmt_shape(X.shape)}, expected {fmt_shape(shape)}: resize was ignored "
             "(transforms.Resize(resize) before ToTensor)",
             f"{what}：X 的形状是 {fmt_shape(X.shape)}，应为 {fmt_shape(shape)}："
             "resize 没有生效（在 ToTensor 前加 transforms.Resize(resize)）")
    expect(tuple(X.shape) == shape, f"{what}: X has shape {fmt_shape(X.shape)}, expected {fmt_shape(shape)}",
           f"{what}：X 的形状是 {fmt_shape(X.shape)}，应为 {fmt_shape(shape)}")
    expect(X.dtype == torch.float32, f"{what}: X has dtype {X.dtype}, expected torch.float32 (ToTensor's output)",
           f"{what}：X 的 dtype 是 {X.dtype}，应为 torch.float32")
    lo, hi = float(X.min()), float(X.max())
    if hi > 1.5:
        fail(f"{what}: X ranges over [{lo:.3g}, {hi:.3g}]: pixels should be in [0, 1]; divide by 255 "
             "(ToTensor does)", f"{what}：X 的范围是 [{lo:.3g}, {hi:.3g}]，应在 [0, 1] 内：除以 255（ToTensor 会做）")
    expect(lo >= 0 and hi <= 1, f"{what}: X ranges over [{lo:.3g}, {hi:.3g}], expected [0, 1]",
           f"{what}：X 的范围是 [{lo:.3g}, {hi:.3g}]，应在 [0, 1] 内")


def _check_y(y, n, what):
    expect(torch.is_tensor(y) and y.dtype == torch.int64 and tuple(y.shape) == (n,),
           f"{what}: y should be an int64 tensor of shape ({n},), got "
           f"{getattr(y, 'dtype', type(y).__name__)} {fmt_shape(getattr(y, 'shape', ()))}",
           f"{what}：y 应是形状为 ({n},) 的 int64 张量")


@pytest.fixture
def offline(monkeypatch):
    """A network fetch fails at once, named (a learner's root="../data" would wait for the network).

    torchvision's download=True also extracts a local copy's .gz files: only the fetch itself is refused.
    """
    from torchvision.datasets import utils

    def refuse(url, *args, **kwargs):
        fail(f"torchvision tried to download Fashion-MNIST ({url.rsplit('/', 1)[-1]}): the tests never download; "
             "when root is None use the local copy, root = katas.data.fashion_mnist_root(), "
             "instead of the book's root='../data'",
             "torchvision 试图下载 Fashion-MNIST：测试从不下载；root 为 None 时请用本地副本 "
             "root = katas.data.fashion_mnist_root()，而不是书里的 root='../data'")

    monkeypatch.setattr(utils, "_get_redirect_url", refuse)
    monkeypatch.setattr(utils, "_urlretrieve", refuse)


def _load(impl, *args, **kwargs):
    out = impl.load_data_fashion_mnist(*args, **kwargs)
    expect(isinstance(out, (tuple, list)) and len(out) == 2,
           f"load_data_fashion_mnist should return (train_iter, test_iter), got {type(out).__name__}",
           f"load_data_fashion_mnist 应返回 (train_iter, test_iter)，实际为 {type(out).__name__}")
    return out


@exercise("load_data_fashion_mnist")
def test_test_iter_is_the_test_set_in_order(impl, fashion_mnist, offline):
    _, _, test_X, test_y = fashion_mnist
    batch_size = random.randint(100, 400)
    train_iter, test_iter = _load(impl, batch_size)
    X, y = _first(test_iter, "test_iter")
    first_test = test_y[:batch_size]
    if not torch.equal(y, first_test) and torch.equal(_first(train_iter, "train_iter")[1], first_test):
        fail("the two iterators are swapped: return (train_iter, test_iter), the training set first",
             "两个迭代器的顺序反了：应返回 (train_iter, test_iter)，训练集在前")
    _check_X(X, (batch_size, 1, 28, 28), "test_iter's first batch")
    _check_y(y, batch_size, "test_iter's first batch")
    if not torch.equal(y, test_y[:batch_size]):
        fail("test_iter's first batch is not the first test examples: don't shuffle the test set "
             "(shuffle=False), and use train=False for it",
             "test_iter 的第一批不是测试集的前几个样本：测试集不要打乱（shuffle=False），并用 train=False")
    expect_tensor(X, test_X[:batch_size], "test_iter's first X", atol=1e-6, rtol=0)
    sizes, labels = [], []
    for _, y in test_iter:
        sizes.append(len(y))
        labels.append(y)
    expect(sum(sizes) == len(test_y) and all(s == batch_size for s in sizes[:-1]),
           f"one pass over test_iter gave {sum(sizes)} examples in batches of {sorted(set(sizes))}; expected all "
           f"{len(test_y)} in batches of {batch_size} (the last may be smaller)",
           f"遍历一次 test_iter 得到 {sum(sizes)} 个样本；应为全部 {len(test_y)} 个，"
           f"每批 {batch_size} 个（最后一批可以更少）")
    expect(torch.equal(torch.cat(labels), test_y), "test_iter's labels are not the test set's, in order",
           "test_iter 的标签与测试集（按顺序）不一致")


@exercise("load_data_fashion_mnist")
def test_train_iter_is_shuffled_and_paired(impl, fashion_mnist, offline):
    train_X, train_y, _, _ = fashion_mnist
    batch_size = random.randint(100, 400)
    train_iter, _ = _load(impl, batch_size)
    X, y = _first(train_iter, "train_iter")
    _check_X(X, (batch_size, 1, 28, 28), "train_iter's first batch")
    _check_y(y, batch_size, "train_iter's first batch")
    # Find each image in the training set by an exact integer fingerprint: X and y must stay paired.
    probe = torch.randint(0, 2**20, (28 * 28,))

    def keys(images):
        return ((images.reshape(len(images), -1) * 255).round().long() * probe).sum(1).tolist()

    labels_of = {}
    for k, label in zip(keys(train_X), train_y.tolist(), strict=True):
        labels_of.setdefault(k, set()).add(label)  # a few images appear twice, with different labels
    found = [labels_of.get(k) for k in keys(X)]
    expect(None not in found, "train_iter yields images that are not in the training set: use train=True for it",
           "train_iter 产出的图像不在训练集里：训练集要用 train=True")
    expect(all(label in f for label, f in zip(y.tolist(), found, strict=True)),
           "train_iter's labels do not belong to its images: keep X and y paired",
           "train_iter 的标签和图像对不上：X 和 y 要保持对应")
    if torch.equal(y, train_y[:batch_size]):
        fail("train_iter's first batch is the first training examples: shuffle the training set (shuffle=True)",
             "train_iter 的第一批就是训练集的前几个样本：训练集要打乱（shuffle=True）")
    _, y2 = _first(train_iter, "train_iter")
    expect(not torch.equal(y, y2), "two passes over train_iter start with the same batch: reshuffle on every pass",
           "两次遍历 train_iter 的第一批相同：每轮都要重新打乱")


@exercise("load_data_fashion_mnist")
def test_resize(impl, fashion_mnist, offline):
    import torch.nn.functional as F

    _, _, test_X, _ = fashion_mnist
    batch_size, size = random.randint(16, 64), random.randint(32, 72)
    _, test_iter = _load(impl, batch_size, resize=size)
    X, y = _first(test_iter, f"test_iter with resize={size}")
    _check_X(X, (batch_size, 1, size, size), f"test_iter with resize={size}")
    # transforms.Resize is bilinear; upsampling a uint8 image rounds to whole levels of 1/255.
    expected = F.interpolate(test_X[:batch_size], size=(size, size), mode="bilinear")
    expect_tensor(X, expected, f"the first X of test_iter with resize={size}", atol=1.01 / 255, rtol=0, mistakes=[
        Mistake(lambda a: not close(a, expected, atol=0.1, rtol=0),
                "resize with bilinear interpolation, as transforms.Resize does",
                "要用双线性插值缩放，和 transforms.Resize 一样"),
    ])


@exercise("load_data_fashion_mnist")
def test_get_dataloader_workers(impl):
    n = impl.get_dataloader_workers()
    expect(isinstance(n, int) and not isinstance(n, bool) and n >= 0,
           f"get_dataloader_workers returned {n!r}: return an int >= 0 (d2l returns 4)",
           f"get_dataloader_workers 返回了 {n!r}：应返回不小于 0 的整数（d2l 返回 4）")
