"""Graded tests for d2l 7.1, AlexNet: its layers, and the layer-by-layer shape walk."""

import random

import pytest
import torch
from torch import nn

from katas import netcheck as nc
from katas.checks import Mistake, expect, fail, fmt_shape
from katas.explain import original

exercise = pytest.mark.exercise


# --- alexnet ---------------------------------------------------------------------------------


def _alexnet_mistakes():
    def first_linear(got):
        return next((g for g in got if g.startswith("Linear(")), "")

    return [
        Mistake(lambda got: got[0].startswith("Conv2d(3,"), "Fashion-MNIST images have one channel: "
                "the first layer is Conv2d(1, 96, ...), not ImageNet's 3 channels",
                "Fashion-MNIST 图像只有一个通道：第一层是 Conv2d(1, 96, ...)，不是 ImageNet 的 3 通道"),
        Mistake(lambda got: got[-1].startswith("Linear(") and not got[-1].endswith(", 10)"),
                "Fashion-MNIST has 10 classes: the last layer is Linear(4096, 10), not the paper's 1000",
                "Fashion-MNIST 有 10 个类别：最后一层是 Linear(4096, 10)，不是论文里的 1000"),
        Mistake(lambda got: got[-1].startswith(("Softmax", "LogSoftmax")), "no softmax at the end: "
                "nn.CrossEntropyLoss takes the logits", "最后不要加 softmax：nn.CrossEntropyLoss 接收 logits"),
        Mistake(lambda got: first_linear(got) and not first_linear(got).startswith("Linear(6400,"),
                "the first Linear's in_features is what Flatten gives for a 224x224 image: 256 channels of "
                "5x5, 6400 (walk the shapes with layer_summary)",
                "第一个 Linear 的 in_features 是 224x224 图像经 Flatten 后的长度：256 个通道、每个 5x5，即 6400"
                "（可以用 layer_summary 逐层查看形状）"),
        Mistake(lambda got: sum(g.startswith("Dropout") for g in got) < 2,
                "a Dropout(0.5) follows the ReLU of each of the first two Linear layers",
                "前两个 Linear 的 ReLU 之后各有一个 Dropout(0.5)"),
        Mistake(lambda got: sum(g.startswith("MaxPool2d") for g in got) != 3,
                "AlexNet max-pools three times (3x3, stride 2): after the first two convolutions and after the "
                "fifth", "AlexNet 有三个最大汇聚层（3x3，步幅 2）：在前两个卷积层之后和第五个卷积层之后"),
    ]


@exercise("alexnet")
def test_alexnet_layers(impl, ref):
    nc.expect_net(impl.alexnet, ref.alexnet, what="alexnet()", mistakes=_alexnet_mistakes())


@exercise("alexnet")
def test_alexnet_shape_walk_224(impl):
    net = nc.on_meta(impl.alexnet)
    nc.expect_module(net, "alexnet()")
    nc.expect_scores(net, "alexnet()", random.randint(1, 8), 224, on_error=(
        "check each layer's input against the previous layer's output with layer_summary",
        "用 layer_summary 逐层核对形状"), on_shape=("one score per class", "每个类别一个分数"))


# --- layer_summary ---------------------------------------------------------------------------


def _rows(out):
    """The learner's rows as (name, shape tuple, count), or None if they are not rows of three."""
    try:
        return [(r[0], tuple(r[1]), r[2]) for r in out]
    except (TypeError, IndexError):
        return None


def _summary_mistakes(net, X):
    layers = list(net)
    count = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    total = count(net)
    inputs, Y = [], X
    for layer in layers:
        inputs.append(tuple(Y.shape))
        Y = layer(Y)
    return [
        Mistake(lambda rows: len(rows) > len(layers), "only the top-level layers: `for layer in net`, not "
                "net.modules() (which also lists the net itself and the layers inside each block)",
                "只遍历顶层：`for layer in net`，不要用 net.modules()（它还会列出网络本身和块内部的层）"),
        Mistake(lambda rows: [r[1] for r in rows] == inputs, "each row shows the layer's input shape: apply the "
                "layer first (X = layer(X)), then record X.shape",
                "每行记录的是该层的输入形状：先 X = layer(X)，再记录 X.shape"),
        Mistake(lambda rows: not all(isinstance(r[0], str) for r in rows), "the name is a string: "
                "layer.__class__.__name__ ('Conv2d')", "名字应是字符串：layer.__class__.__name__（如 'Conv2d'）"),
        Mistake(lambda rows: [r[2] for r in rows] == [len(list(m.parameters())) for m in layers],
                "that counts parameter tensors; count numbers: sum(p.numel() for p in layer.parameters())",
                "这数的是参数张量的个数；应数参数的个数：sum(p.numel() for p in layer.parameters())"),
        Mistake(lambda rows: all(r[2] == total for r in rows), "every row counts the whole net's parameters: "
                "count each layer's own, layer.parameters()", "每行都数了整个网络的参数：应只数该层自己的 "
                "layer.parameters()"),
    ]


def _walk(impl, net, X, what):
    try:
        out = impl.layer_summary(net, X)
    except NotImplementedError:
        raise
    except RuntimeError as e:
        fail(f"layer_summary({what}, X {fmt_shape(X.shape)}) failed: run the top-level layers in order "
             f"(for layer in net), each on the previous layer's output (X = layer(X)), the first on X ({original(e)})",
             f"layer_summary({what}, X {fmt_shape(X.shape)}) 出错：按顺序运行顶层的层（for layer in net），"
             "每层的输入是上一层的输出（X = layer(X)），第一层的输入是 X")
    return out


def _expect_rows(out, expected, what, mistakes):
    __tracebackhide__ = True
    rows = _rows(out) if out is not None else None
    if rows is None:
        fail(f"{what} returned {type(out).__name__}: return a list with one (name, output shape, parameter "
             "count) per top-level layer", f"{what} 返回了 {type(out).__name__}：应返回列表，每个顶层层一项 "
             "(名字, 输出形状, 参数个数)")
    if rows == expected:
        return
    k = next((i for i, (g, w) in enumerate(zip(rows, expected, strict=False)) if g != w), None)
    if k is None:
        en = f"{what} returned {len(rows)} rows, expected {len(expected)}, one per top-level layer"
        zh = f"{what} 返回了 {len(rows)} 行，应为 {len(expected)} 行，每个顶层层一行"
    else:
        en = f"{what}: row {k} is {rows[k]}, expected {expected[k]}"
        zh = f"{what}：第 {k} 行是 {rows[k]}，应为 {expected[k]}"
    m = next((m for m in mistakes if m.seen_in(rows)), None)
    if m:
        fail(f"{en}: {m.en}", f"{zh}：{m.zh}")
    fail(en, zh)


@exercise("layer_summary")
def test_layer_summary_small_net(impl, ref):
    c, h = random.randint(1, 4), random.randint(8, 14)
    k1, k2, hidden, q = random.randint(2, 6), random.randint(2, 6), random.randint(5, 20), random.randint(2, 9)
    h1 = (h - 2) // 2  # 3x3 convolution without padding, then 2x2 pooling
    net = nn.Sequential(
        nn.Sequential(nn.Conv2d(c, k1, kernel_size=3), nn.ReLU()),  # a block: one row, as d2l prints VGG's
        nn.MaxPool2d(2),
        nn.Conv2d(k1, k2, kernel_size=1, bias=False), nn.Flatten(),
        nn.Linear(k2 * h1 * h1, hidden), nn.ReLU(), nn.Linear(hidden, q))
    X = torch.randn(random.randint(1, 5), c, h, h)
    before = X.clone()
    out = _walk(impl, net, X, "net")
    expected = ref.layer_summary(net, X)
    _expect_rows(out, expected, "layer_summary(net, X)", _summary_mistakes(net, X))
    expect(torch.equal(X, before), "layer_summary changed X: rebind the name (X = layer(X)), never write into it",
           "layer_summary 修改了 X：只重新绑定名字（X = layer(X)），不要写入它")


@exercise("layer_summary")
def test_layer_summary_alexnet_224(impl, ref):
    """d2l's own walk: AlexNet on one 224x224 image, on the meta device (shapes only)."""
    net = nc.on_meta(ref.alexnet)
    X = nc.meta_input(1, 1, 224, 224)
    out = _walk(impl, net, X, "alexnet()")
    _expect_rows(out, ref.layer_summary(net, X), "layer_summary(alexnet(), X (1, 1, 224, 224))",
                 _summary_mistakes(net, X))
