"""Graded tests for d2l 7.2, VGG: the block, and nets built from any conv_arch."""

import random

import pytest
import torch

from katas import netcheck as nc
from katas.checks import Mistake, expect_tensor, fmt_shape

exercise = pytest.mark.exercise

VGG11 = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))


# --- vgg_block -------------------------------------------------------------------------------


def _block_mistakes(num_convs, in_channels, out_channels):
    convs = lambda got: [g for g in got if g.startswith("Conv2d")]  # noqa: E731
    return [
        Mistake(lambda got: sum(g.startswith("MaxPool2d") for g in got) > 1, "one MaxPool2d per block, after the "
                "loop over the convolutions, not after each of them",
                "每个块只有一个 MaxPool2d，放在卷积循环之后，而不是每个卷积之后"),
        Mistake(lambda got: any(c.startswith(f"Conv2d({in_channels}, ") for c in convs(got)[1:]),
                f"every convolution reads {in_channels} channels: after the first, set in_channels = out_channels "
                "(the next convolution reads this one's output)",
                f"每个卷积都读 {in_channels} 个通道：第一个之后要 in_channels = out_channels"
                "（下一个卷积读的是这一个的输出）"),
        Mistake(lambda got: any("padding=1" not in c for c in convs(got)), "the 3x3 convolutions take padding=1, "
                "so they keep height and width; only the pool halves them",
                "3x3 卷积要 padding=1，保持高和宽不变；只有汇聚层把它们减半"),
        Mistake(lambda got: sum(g == "ReLU()" for g in got) < len(convs(got)), "a ReLU follows every convolution",
                "每个卷积之后都有一个 ReLU"),
        Mistake(lambda got: not any(g.startswith("MaxPool2d") for g in got), "the block ends with "
                "MaxPool2d(kernel_size=2, stride=2), which halves height and width",
                "块的最后是 MaxPool2d(kernel_size=2, stride=2)，它把高和宽减半"),
        Mistake(lambda got: any(g.startswith("MaxPool2d") and g != "MaxPool2d(kernel_size=2, stride=2)" for g in got),
                "the pool is MaxPool2d(kernel_size=2, stride=2): 2x2 windows that do not overlap",
                "汇聚层是 MaxPool2d(kernel_size=2, stride=2)：互不重叠的 2x2 窗口"),
    ]


def _block_args(several):
    num_convs = random.randint(2, 4) if several else 1
    in_channels = random.randint(1, 6)
    return num_convs, in_channels, random.choice([c for c in range(2, 10) if c != in_channels])


@exercise("vgg_block")
@pytest.mark.parametrize("convs", ["one", "several"])
def test_vgg_block_layers(impl, ref, convs):
    args = _block_args(convs == "several")
    what = f"vgg_block{args}"
    nc.expect_layers(impl.vgg_block(*args), ref.vgg_block(*args), what, mistakes=_block_mistakes(*args))


@exercise("vgg_block")
def test_vgg_block_halves_the_size(impl, ref, device):
    args = _block_args(True)
    block = impl.vgg_block(*args)
    nc.expect_module(block, f"vgg_block{args}")
    expected = ref.vgg_block(*args)
    nc.expect_layers(block, expected, f"vgg_block{args}", mistakes=_block_mistakes(*args))
    block.to(device)
    nc.copy_params(block, expected.to(device))
    h, w = 2 * random.randint(2, 6), 2 * random.randint(2, 6)
    X = torch.randn(random.randint(1, 4), args[1], h, w, device=device)
    with torch.no_grad():
        expect_tensor(block(X), expected(X), f"vgg_block{args}(X {fmt_shape(X.shape)})")


# --- vgg -------------------------------------------------------------------------------------


def _vgg_mistakes(ref, conv_arch):
    last = conv_arch[-1][1]
    vgg11 = nc.layer_lines(nc.on_meta(ref.vgg, VGG11))
    return [
        Mistake(lambda got: conv_arch != VGG11 and got == vgg11, "that is VGG-11 whatever the argument: loop over "
                "the conv_arch passed in", "无论参数是什么都构建了 VGG-11：要遍历传入的 conv_arch"),
        Mistake(lambda got: sum(g.startswith("Conv2d(1, ") for g in got) > 1, "every block reads 1 channel: "
                "after each block, in_channels = out_channels",
                "每个块都读 1 个通道：每个块之后要 in_channels = out_channels"),
        Mistake(lambda got: any(g.startswith("Linear(") and not g.startswith(f"Linear({last * 49}, ")
                                for g in got[:len(got) - 6]),
                f"the first Linear reads the last block's channels, {last}, times 7 x 7 (224 halved five times): "
                "out_channels * 7 * 7, not a number written for VGG-11",
                f"第一个 Linear 的输入是最后一个块的通道数 {last} 乘以 7 x 7（224 减半五次）：out_channels * 7 * 7，"
                "不要写成 VGG-11 的固定数值"),
        Mistake(lambda got: sum(g.startswith("Dropout") for g in got) < 2, "a Dropout(0.5) follows the ReLU of "
                "each of the first two Linear layers", "前两个 Linear 的 ReLU 之后各有一个 Dropout(0.5)"),
        Mistake(lambda got: got[-1].startswith(("Softmax", "LogSoftmax")), "no softmax at the end: "
                "nn.CrossEntropyLoss takes the logits", "最后不要加 softmax：nn.CrossEntropyLoss 接收 logits"),
    ]


def _small_arch():
    """Five blocks as d2l's small VGG, with few channels: the shape rules without the cost."""
    return tuple((random.randint(1, 2), random.randint(2, 8)) for _ in range(5))


@exercise("vgg")
def test_vgg11_layers(impl, ref):
    nc.expect_net(impl.vgg, ref.vgg, VGG11, what="vgg(conv_arch) for VGG-11", mistakes=_vgg_mistakes(ref, VGG11))


@exercise("vgg")
def test_vgg_any_arch_on_224(impl, ref):
    arch = _small_arch()
    what = f"vgg({arch})"
    net = nc.on_meta(impl.vgg, arch)
    nc.expect_layers(net, nc.on_meta(ref.vgg, arch), what, mistakes=_vgg_mistakes(ref, arch))
    nc.expect_scores(net, what, random.randint(1, 8), 224, on_error=("walk the shapes block by block", "逐块检查形状"))
