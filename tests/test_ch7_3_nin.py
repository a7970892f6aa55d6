"""Graded tests for d2l 7.3, network in network: the NiN block and the net, on 224x224 input (meta)."""

import random

import pytest
import torch

from katas import netcheck as nc
from katas.checks import Mistake, expect_tensor, fmt_shape

exercise = pytest.mark.exercise


# --- nin_block -------------------------------------------------------------------------------


def _block_args():
    in_channels = random.randint(1, 6)
    out_channels = random.choice([c for c in range(2, 9) if c != in_channels])
    kernel_size = random.choice([3, 5])
    strides = random.randint(1, 3)
    padding = random.choice([p for p in range(0, kernel_size // 2 + 2) if p != strides])  # never equal: a swap shows
    return in_channels, out_channels, kernel_size, strides, padding


def _block_mistakes(in_channels, out_channels, kernel_size, strides, padding):
    first = nc.describe(torch.nn.Conv2d(in_channels, out_channels, kernel_size, padding, strides))
    return [
        Mistake(lambda got: got[0] == first, "nn.Conv2d's fourth positional argument is stride and the fifth "
                "padding: nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding)",
                "nn.Conv2d 的第四个位置参数是 stride，第五个才是 padding："
                "nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding)"),
        Mistake(lambda got: sum(g == "ReLU()" for g in got) < 3, "a ReLU follows each of the three convolutions: "
                "the 1x1 convolutions with ReLU are a per-pixel MLP; without them they collapse into one linear map",
                "三个卷积层后面各有一个 ReLU：带 ReLU 的 1x1 卷积才是逐像素的多层感知机；没有它们就只是一个线性变换"),
        Mistake(lambda got: sum(g.startswith("Conv2d") for g in got) >= 2
                and not all(g.endswith("kernel_size=1)") for g in [g for g in got if g.startswith("Conv2d")][1:]),
                "the second and third convolutions are 1x1: nn.Conv2d(out_channels, out_channels, kernel_size=1)",
                "第二、三个卷积是 1x1 的：nn.Conv2d(out_channels, out_channels, kernel_size=1)"),
        Mistake(lambda got: any(g.startswith(f"Conv2d({in_channels}, ") for g in got[1:]),
                "the 1x1 convolutions read the first convolution's out_channels, not in_channels",
                "1x1 卷积读的是第一个卷积的 out_channels，不是 in_channels"),
    ]


@exercise("nin_block")
def test_nin_block_layers(impl, ref):
    args = _block_args()
    nc.expect_layers(impl.nin_block(*args), ref.nin_block(*args), f"nin_block{args}", mistakes=_block_mistakes(*args))


@exercise("nin_block")
def test_nin_block_forward(impl, ref, device):
    args = _block_args()
    what = f"nin_block{args}"
    block, expected = impl.nin_block(*args), ref.nin_block(*args)
    nc.expect_layers(block, expected, what, mistakes=_block_mistakes(*args))
    block.to(device)
    nc.copy_params(block, expected.to(device))
    X = torch.randn(random.randint(1, 4), args[0], random.randint(5, 12), random.randint(5, 12), device=device)
    with torch.no_grad():
        expect_tensor(block(X), expected(X), f"{what}(X {fmt_shape(X.shape)})")


# --- nin -------------------------------------------------------------------------------------


def _nin_mistakes():
    return [
        Mistake(lambda got: any(g.startswith("Linear") for g in got), "NiN has no fully connected layer: the last "
                "nin_block has one channel per class (10), averaged by nn.AdaptiveAvgPool2d((1, 1)), then Flatten",
                "NiN 没有全连接层：最后一个 nin_block 每个类别一个通道（10 个），再用 nn.AdaptiveAvgPool2d((1, 1)) "
                "平均，然后 Flatten"),
        Mistake(lambda got: not any(g.startswith("AdaptiveAvgPool2d") for g in got), "the scores come from a global "
                "average: nn.AdaptiveAvgPool2d((1, 1)) before Flatten",
                "分数来自全局平均：Flatten 之前要 nn.AdaptiveAvgPool2d((1, 1))"),
        Mistake(lambda got: not any(g.startswith("Conv2d(384, 10,") for g in got), "the last nin_block maps 384 "
                "channels to 10, one per class: nin_block(384, 10, kernel_size=3, strides=1, padding=1)",
                "最后一个 nin_block 把 384 个通道变成 10 个，每个类别一个："
                "nin_block(384, 10, kernel_size=3, strides=1, padding=1)"),
        Mistake(lambda got: not any(g.startswith("Dropout") for g in got), "d2l puts nn.Dropout(0.5) before the "
                "last nin_block", "d2l 在最后一个 nin_block 之前有 nn.Dropout(0.5)"),
        Mistake(lambda got: got[-1].startswith(("Softmax", "LogSoftmax")), "no softmax at the end: "
                "nn.CrossEntropyLoss takes the logits", "最后不要加 softmax：nn.CrossEntropyLoss 接收 logits"),
    ]


@exercise("nin")
def test_nin_layers(impl, ref):
    nc.expect_net(impl.nin, ref.nin, what="nin()", mistakes=_nin_mistakes())


@exercise("nin")
def test_nin_shape_walk_224(impl):
    net = nc.on_meta(impl.nin)
    nc.expect_module(net, "nin()")
    nc.expect_scores(net, "nin()", random.randint(1, 8), 224,
                     on_error=("walk the shapes layer by layer", "逐层检查形状"),
                     on_shape=("average each class's channel to one number and Flatten",
                               "把每个类别的通道平均成一个数，再 Flatten"))
