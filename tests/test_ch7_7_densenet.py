"""Graded tests for d2l 7.7, DenseNet: the convolution block, the dense block, the transition block, the net."""

import random

import pytest
import torch

from katas import netcheck as nc
from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.explain import original
from katas.testkit import build

exercise = pytest.mark.exercise


def _channels():
    a = random.randint(1, 6)
    return a, random.choice([k for k in range(1, 9) if k != a])


def _image(c, device="cpu"):
    return torch.randn(random.randint(2, 4), c, 2 * random.randint(2, 4), 2 * random.randint(2, 4), device=device)


def _same_layers_then_values(block, expected, what, X, mistakes=()):
    """block has expected's layers; with the same weights it computes the same output (training mode)."""
    __tracebackhide__ = True
    nc.expect_layers(block, expected, what, mistakes=mistakes)
    with torch.no_grad():  # away from their initial values (batch norm's scale 1 and shift 0): a block that ignores
        for p in block.parameters():  # one computes another output then (red team I54 hid them with attributes)
            p.add_(torch.rand_like(p))
    nc.copy_params(block, expected)
    with torch.no_grad():
        expect_tensor(block(X), expected(X), f"{what}(X {fmt_shape(X.shape)})")
        block.eval(), expected.eval()  # with the running statistics that forward kept (red team I55: a batch norm set
        expect_tensor(block(X), expected(X), f"{what}(X {fmt_shape(X.shape)}) in eval mode, after one forward in "
                      "training mode", mistakes=[_frozen_statistics()])  # to track_running_stats = False kept none)


def _frozen_statistics():
    return Mistake(lambda got: True, "its batch norm keeps no running statistics (track_running_stats = False?): in "
                   "eval mode it normalises with mean 0 and variance 1; leave nn.BatchNorm2d as it is made",
                   "它的批量规范化不记录滑动统计量（track_running_stats = False？）：评估模式下按均值 0、方差 1 "
                   "规范化；请保持 nn.BatchNorm2d 创建时的样子")


# --- conv_block ------------------------------------------------------------------------------


def _relu_before_norm(what):
    def seen(got):
        return any(a == "ReLU()" and b.startswith("BatchNorm2d") for a, b in zip(got, got[1:], strict=False))

    return Mistake(seen,
                   f"ReLU comes before batch norm: {what} normalises first, then applies ReLU, then convolves "
                   "(nn.BatchNorm2d, nn.ReLU(), nn.Conv2d)",
                   f"ReLU 放在了批量规范化之前：{what} 先做批量规范化，再 ReLU，再卷积"
                   "（nn.BatchNorm2d、nn.ReLU()、nn.Conv2d）")


def _conv_block_mistakes(in_channels):
    return [
        _relu_before_norm("DenseNet's block"),
        Mistake(lambda got: got[0].startswith("Conv2d"), "DenseNet's block is 'batch norm, ReLU, convolution' "
                "(ResNet v2's order): nn.BatchNorm2d(input_channels), nn.ReLU(), then the 3x3 convolution",
                "DenseNet 的卷积块顺序是“批量规范化、ReLU、卷积”（ResNet v2 的顺序）："
                "nn.BatchNorm2d(input_channels)、nn.ReLU()，然后是 3x3 卷积"),
        Mistake(lambda got: any(g.startswith("Conv2d") and "padding=1" not in g for g in got), "the 3x3 "
                "convolution keeps height and width with padding=1, so its output can be concatenated to its input",
                "3x3 卷积要 padding=1 保持高和宽，输出才能和输入连结"),
        Mistake(lambda got: got[0] != f"BatchNorm2d({in_channels})", "the batch norm comes first, on the "
                "block's input channels: nn.BatchNorm2d(input_channels)",
                "批量规范化在最前面，作用于块的输入通道：nn.BatchNorm2d(input_channels)"),
    ]


@exercise("conv_block")
def test_conv_block(impl, ref, device):
    args = _channels()
    X = _image(args[0], device)
    block = impl.conv_block(*args)
    nc.expect_module(block, f"conv_block{args}")
    _same_layers_then_values(block.to(device), ref.conv_block(*args).to(device), f"conv_block{args}", X,
                             _conv_block_mistakes(args[0]))


# --- DenseBlock ------------------------------------------------------------------------------


def _dense_args():
    num_convs = random.randint(2, 4)
    input_channels, num_channels = _channels()
    return num_convs, input_channels, num_channels


def _dense_mistakes(num_convs, input_channels, num_channels):
    return [
        Mistake(lambda got: len(got) == 1 and got[0].startswith("DenseBlock"), "DenseBlock shows no layers: a "
                "plain Python list hides its conv_blocks from parameters() and .to(device); register them, "
                "self.net = nn.Sequential(*layer)", "DenseBlock 里看不到任何层：普通的 Python 列表会让 parameters() "
                "和 .to(device) 看不到其中的 conv_block；要注册它们，self.net = nn.Sequential(*layer)"),
        Mistake(lambda got: [g for g in got if g.startswith("BatchNorm2d")] == [f"BatchNorm2d({input_channels})"]
                * num_convs, f"every conv_block is built for {input_channels} input channels: block i reads the "
                "input plus the outputs of the i blocks before it, conv_block(num_channels * i + input_channels, "
                "num_channels)", f"每个 conv_block 都按 {input_channels} 个输入通道构建：第 i 个块读的是输入加上前面 "
                "i 个块的输出，conv_block(num_channels * i + input_channels, num_channels)"),
        Mistake(lambda got: sum(g.startswith("BatchNorm2d") for g in got) != num_convs,
                f"num_convs = {num_convs} conv_blocks, one per i in range(num_convs)",
                f"应有 num_convs = {num_convs} 个 conv_block，range(num_convs) 中每个 i 一个"),
    ]


def _dense_forward(blk, X, what):
    __tracebackhide__ = True
    try:
        return blk(X)
    except NotImplementedError:
        raise
    except RuntimeError as e:
        if "Sizes of tensors must match except in dimension 0" in str(e):
            fail(f"{what}(X {fmt_shape(X.shape)}) failed: DenseBlock concatenating on dim 0 adds examples; "
                 f"concatenate each block's output to its input along the channels, torch.cat((X, Y), dim=1)"
                 f" ({original(e)})",
                 f"{what}(X {fmt_shape(X.shape)}) 出错：DenseBlock 在第 0 维上连结会增加样本；"
                 "应沿通道维把每个块的输出连结到其输入上，torch.cat((X, Y), dim=1)")
        if "channels" in str(e) or "running_mean" in str(e):
            fail(f"{what}(X {fmt_shape(X.shape)}) failed: each block reads everything before it: feed it "
                 f"X (the input with every earlier output concatenated), then X = torch.cat((X, Y), dim=1)"
                 f" ({original(e)})",
                 f"{what}(X {fmt_shape(X.shape)}) 出错：每个块读的是它之前的全部：把 X（输入连结上之前所有输出）"
                 "送进去，然后 X = torch.cat((X, Y), dim=1)")
        raise


@exercise("DenseBlock")
def test_dense_block(impl, ref, device):
    args = _dense_args()
    num_convs, input_channels, num_channels = args
    what = f"DenseBlock{args}"
    blk, expected = build(impl.DenseBlock, *args), ref.DenseBlock(*args)
    nc.expect_layers(blk, expected, what, mistakes=_dense_mistakes(*args))
    blk.to(device)
    expected.to(device)
    nc.copy_params(blk, expected)
    X = _image(input_channels, device)
    with torch.no_grad():
        out = _dense_forward(blk, X, what)
        want = expected(X)
        back = X  # what putting each output in front of its input gives
        for b in expected.net:
            back = torch.cat((b(back), back), dim=1)
    total = input_channels + num_convs * num_channels
    expect_tensor(out, want, f"{what}(X {fmt_shape(X.shape)})", mistakes=[
        Mistake(lambda a: a.shape[0] != X.shape[0], "DenseBlock concatenating on dim 0 adds examples; concatenate "
                "along the channels, torch.cat((X, Y), dim=1)",
                "DenseBlock 在第 0 维上连结会增加样本；应沿通道维连结，torch.cat((X, Y), dim=1)"),
        Mistake(lambda a: a.shape[1] == num_channels, f"only the last block's output came back: return X, the input "
                f"with every block's output concatenated ({input_channels} + {num_convs} * {num_channels} = "
                f"{total} channels)", f"只返回了最后一个块的输出：应返回 X，即输入连结上每个块的输出"
                f"（{input_channels} + {num_convs} * {num_channels} = {total} 个通道）"),
        Mistake(lambda a: close(a, back), "each output was put in front of its input: d2l keeps the input first, "
                "X = torch.cat((X, Y), dim=1)",
                "每个输出被放在了输入前面：d2l 让输入在前，X = torch.cat((X, Y), dim=1)"),
    ])


@exercise("DenseBlock")
def test_dense_block_gradients_reach_every_layer(impl):
    args = _dense_args()
    blk = build(impl.DenseBlock, *args)
    what = f"DenseBlock{args}"
    _dense_forward(blk, _image(args[1]), what).sum().backward()
    missing = [n for n, p in blk.named_parameters() if p.grad is None]
    expect(list(blk.parameters()), f"{what} has no parameters: register its conv_blocks, self.net = "
           "nn.Sequential(*layer)", f"{what} 没有参数：要注册它的 conv_block，self.net = nn.Sequential(*layer)")
    expect(not missing, f"after backward, {missing} of {what} have no gradient: every block must take part",
           f"反向传播之后 {what} 的 {missing} 没有梯度：每个块都要参与计算")


# --- transition_block ------------------------------------------------------------------------


def _transition_mistakes():
    return [
        _relu_before_norm("the transition block"),
        Mistake(lambda got: not any("Pool2d" in g for g in got), "transition_block without the pooling: it halves "
                "height and width with nn.AvgPool2d(kernel_size=2, stride=2) after the 1x1 convolution",
                "transition_block 少了汇聚层：要在 1x1 卷积之后用 nn.AvgPool2d(kernel_size=2, stride=2) 把高和宽减半"),
        Mistake(lambda got: any(g.startswith("MaxPool2d") for g in got), "DenseNet's transition averages: "
                "nn.AvgPool2d(kernel_size=2, stride=2)", "DenseNet 的过渡层用平均汇聚：nn.AvgPool2d(kernel_size=2, "
                "stride=2)"),
        Mistake(lambda got: any(g.startswith("Conv2d") and "kernel_size=1" not in g for g in got), "the "
                "transition's convolution is 1x1: it only reduces the channels",
                "过渡层的卷积是 1x1 的：它只减少通道数"),
        Mistake(lambda got: got[0].startswith("Conv2d"), "batch norm and ReLU come first, as in conv_block",
                "和 conv_block 一样，批量规范化和 ReLU 在前"),
    ]


@exercise("transition_block")
def test_transition_block(impl, ref, device):
    args = _channels()
    block = impl.transition_block(*args)
    nc.expect_module(block, f"transition_block{args}")
    X = _image(args[0], device)
    _same_layers_then_values(block.to(device), ref.transition_block(*args).to(device), f"transition_block{args}",
                             X, _transition_mistakes())


# --- densenet --------------------------------------------------------------------------------


def _densenet_mistakes():
    def same_channels(g):  # "Conv2d(192, 192, kernel_size=1)": a transition that keeps the channels
        return g.startswith("Conv2d") and g.endswith("kernel_size=1)") and g[7:].split(", ")[0] == g.split(", ")[1]

    def not_halved_after_transition(got):  # BatchNorm2d(192) where the transition before it gave 96
        k, want = got.k, got.want
        return (0 < k < len(got) and want[k - 1].startswith("AvgPool2d") and want[k].startswith("BatchNorm2d(")
                and got[k] == f"BatchNorm2d({2 * int(want[k][12:-1])})")

    return [
        Mistake(lambda got: any(same_channels(g) for g in got), "each transition halves the channels: "
                "transition_block(num_channels, num_channels // 2), then num_channels = num_channels // 2",
                "每个过渡层把通道数减半：transition_block(num_channels, num_channels // 2)，"
                "然后 num_channels = num_channels // 2"),
        Mistake(lambda got: sum(g.startswith("AvgPool2d") for g in got) != 3, "a transition_block between dense "
                "blocks, three in all (none after the last one)", "稠密块之间各有一个 transition_block，一共三个"
                "（最后一个稠密块之后没有）"),
        Mistake(not_halved_after_transition, "num_channels was not updated after the transition: it halves the "
                "channels, so set num_channels = num_channels // 2 after blks.append(transition_block(num_channels, "
                "num_channels // 2)); the next dense block reads that many",
                "过渡层之后没有更新 num_channels：过渡层把通道数减半了，所以在 blks.append(transition_block("
                "num_channels, num_channels // 2)) 之后要 num_channels = num_channels // 2；"
                "下一个稠密块读的就是这么多"),
        Mistake(lambda got: got.k >= len(got.want) - 5 and got[-1] != "Linear(248, 10)",
                "the last dense block outputs 248 channels (120 + 4 * "
                "32): the net ends with BatchNorm2d(248), ReLU, global average pooling, Flatten, Linear(248, 10)",
                "最后一个稠密块输出 248 个通道（120 + 4 * 32）：网络最后是 BatchNorm2d(248)、ReLU、全局平均汇聚、"
                "Flatten、Linear(248, 10)"),
    ]


@exercise("densenet")
def test_densenet_layers(impl, ref):
    nc.expect_net(impl.densenet, ref.densenet, what="densenet()", mistakes=_densenet_mistakes())


@exercise("densenet")
def test_densenet_shape_walk_96(impl):
    net = nc.on_meta(impl.densenet)
    nc.expect_module(net, "densenet()")
    nc.expect_scores(net, "densenet()", random.randint(2, 8), 96, on_error=(
        "keep num_channels up to date, += num_convs * growth_rate after each dense block and // 2 after each "
        "transition", "要随时更新 num_channels，每个稠密块之后 += num_convs * growth_rate，每个过渡层之后 // 2"))
