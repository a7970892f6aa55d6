"""Graded tests for d2l 7.6, ResNet: the residual block, a stage of them, and d2l's resnet18."""

import random

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from katas import netcheck as nc
from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.explain import original
from katas.testkit import build

exercise = pytest.mark.exercise


# --- Residual --------------------------------------------------------------------------------


def _args(kind):
    """(input_channels, num_channels, use_1x1conv, strides) for a block that keeps or reshapes its input."""
    c = random.randint(1, 6)
    if kind == "same":
        return c, c, False, 1
    other = random.choice([k for k in range(1, 8) if k != c])
    return c, other, True, 2 if kind == "halve" else 1


def _layer_mistakes(name):
    return {
        "conv1": [Mistake(lambda g: "stride" not in g, "conv1 carries the stride: nn.Conv2d(input_channels, "
                          "num_channels, kernel_size=3, padding=1, stride=strides)",
                          "conv1 带步幅：nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, "
                          "stride=strides)")],
        "conv2": [Mistake(lambda g: "stride" in g, "conv2 keeps the size (stride 1); only conv1 and conv3 take "
                          "strides", "conv2 保持大小（步幅 1）；只有 conv1 和 conv3 用 strides")],
        "conv3": [Mistake(lambda g: "stride" not in g, "conv3 takes stride=strides too, so the shortcut shrinks "
                          "like the main path", "conv3 也要 stride=strides，这样捷径和主路径一起缩小")],
    }.get(name, [])


def _residual(impl, ref, args):
    """The learner's Residual, its layers checked against d2l's (conv1, conv2, conv3, bn1, bn2)."""
    __tracebackhide__ = True
    what = f"Residual{args}"
    blk, expected = build(impl.Residual, *args), ref.Residual(*args)
    for name in ("conv1", "conv2", "conv3", "bn1", "bn2"):
        want = getattr(expected, name)
        layer = getattr(blk, name, None)
        if want is None:
            if isinstance(layer, nn.Module):
                fail(f"{what} has a conv3: without use_1x1conv the input is added as it is; set self.conv3 = None "
                     "(an unused layer still counts its parameters)", f"{what} 有 conv3：不用 use_1x1conv 时输入原样"
                     "相加；令 self.conv3 = None（不用的层也会计入参数）")
            continue
        if not isinstance(layer, nn.Module):
            if name == "conv3":
                fail(f"{what} has no conv3: Residual without the 1x1 convolution; with use_1x1conv=True, self.conv3 = "
                     "nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides) gives the shortcut the "
                     "output's channels and size", f"{what} 没有 conv3：Residual 少了 1x1 卷积；use_1x1conv=True 时要 "
                     "self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides)，"
                     "让捷径具有输出的通道数和大小")
            fail(f"{what} has no layer {name}: keep d2l's names conv1, conv2, conv3, bn1, bn2",
                 f"{what} 没有 {name} 层：请沿用 d2l 的名字 conv1、conv2、conv3、bn1、bn2")
        got, exp = nc.describe(layer), nc.describe(want)
        if got != exp:
            m = next((m for m in _layer_mistakes(name) if m.seen_in(got)), None)
            en, zh = f"{what}.{name} is {got}, expected {exp}", f"{what}.{name} 是 {got}，应为 {exp}"
            fail(f"{en}: {m.en}" if m else en, f"{zh}：{m.zh}" if m else zh)
    nc.expect_param_count(blk, expected, what)
    _copy_layers(blk, expected, ("conv1", "conv2", "conv3", "bn1", "bn2"))
    return blk, expected, what


def _copy_layers(blk, expected, names):
    """expected's layers take the values of blk's, by the names the stub asks for (never by the state_dict's keys:
    a learner may also register the same layers in an nn.Sequential of their own)."""
    for name in names:
        if getattr(expected, name) is not None:
            getattr(expected, name).load_state_dict(getattr(blk, name).state_dict())


def _forward(blk, X, what, args):
    __tracebackhide__ = True
    try:
        return blk(X)
    except NotImplementedError:
        raise
    except RuntimeError as e:
        if "must match the size" in str(e) and (args[0] != args[1] or args[3] != 1):
            fail(f"{what}(X {fmt_shape(X.shape)}) failed: Residual without the 1x1 convolution: when the "
                 "channels or the stride change, the shortcut goes through conv3 before it is added (if self.conv3: "
                 f"X = self.conv3(X)) ({original(e)})", f"{what}(X {fmt_shape(X.shape)}) 出错：Residual 少了 1x1 卷积："
                 "通道数或步幅改变时，捷径要先经过 conv3 再相加（if self.conv3: X = self.conv3(X)）")
        raise


@exercise("Residual")
@pytest.mark.parametrize("kind", ["same", "channels", "halve"])
def test_residual_output(impl, ref, device, kind):
    args = _args(kind)
    blk, expected, what = _residual(impl, ref, args)
    blk.to(device)
    expected.to(device)
    X = torch.randn(random.randint(2, 4), args[0], random.randint(3, 8), random.randint(3, 8), device=device)
    with torch.no_grad():
        out = _forward(blk, X, what, args)
        Y = expected.bn2(expected.conv2(F.relu(expected.bn1(expected.conv1(X)))))
        shortcut = expected.conv3(X) if expected.conv3 else X
        relu_first = [  # ReLU before batch norm, at bn1, at bn2, at both
            F.relu(expected.bn2(expected.conv2(expected.bn1(F.relu(expected.conv1(X))))) + shortcut),
            F.relu(expected.bn2(F.relu(expected.conv2(F.relu(expected.bn1(expected.conv1(X)))))) + shortcut),
            F.relu(expected.bn2(F.relu(expected.conv2(expected.bn1(F.relu(expected.conv1(X)))))) + shortcut)]
    expect_tensor(out, F.relu(Y + shortcut), f"{what}(X {fmt_shape(X.shape)}) in training mode", mistakes=[
        Mistake(lambda a: any(close(a, r) for r in relu_first), "a ReLU comes before its batch norm: d2l's order is "
                "convolution, batch norm, then ReLU, Y = F.relu(self.bn1(self.conv1(X))), and bn2's output joins "
                "the shortcut before the last ReLU",
                "ReLU 放在了批量规范化之前：d2l 的顺序是卷积、批量规范化、再 ReLU，"
                "Y = F.relu(self.bn1(self.conv1(X)))；bn2 的输出先与捷径相加，最后才 ReLU"),
        Mistake(lambda a: close(a, F.relu(Y) + shortcut), "the shortcut is added after the final ReLU: add it "
                "first, Y += X, then return F.relu(Y)", "捷径加在了最后的 ReLU 之后：先 Y += X，再 return F.relu(Y)"),
        Mistake(lambda a: close(a, Y + shortcut), "the final ReLU is missing: return F.relu(Y) after Y += X",
                "少了最后的 ReLU：Y += X 之后 return F.relu(Y)"),
        Mistake(lambda a: close(a, F.relu(F.relu(Y) + shortcut)), "a ReLU before the addition: bn2's output joins "
                "the shortcut as it is, Y = self.bn2(self.conv2(Y)); Y += X; return F.relu(Y)",
                "相加之前多了一个 ReLU：bn2 的输出直接与捷径相加，"
                "Y = self.bn2(self.conv2(Y))；Y += X；return F.relu(Y)"),
        Mistake(lambda a: close(a, F.relu(Y)), "the shortcut is never added: Y += X (through conv3 when there is "
                "one) before the final ReLU", "没有加上捷径：在最后的 ReLU 之前 Y += X（有 conv3 时先经过它）"),
        Mistake(lambda a: expected.conv3 is not None and close(a, F.relu(Y + X)),
                "the input is added without conv3: if self.conv3: X = self.conv3(X)",
                "输入没有经过 conv3 就相加了：if self.conv3: X = self.conv3(X)"),
    ])


@exercise("Residual")
def test_residual_gradients_reach_every_layer(impl, ref):
    args = _args("halve")
    blk, _, what = _residual(impl, ref, args)
    X = torch.randn(random.randint(2, 4), args[0], random.randint(3, 7), random.randint(3, 7))
    _forward(blk, X, what, args).sum().backward()
    missing = [n for n, p in blk.named_parameters() if p.grad is None]
    expect(not missing, f"after backward, {missing} of {what} have no gradient: every layer must take part in the "
           "output", f"反向传播之后 {what} 的 {missing} 没有梯度：每一层都要参与输出")


# --- resnet_block ----------------------------------------------------------------------------


def _stage(impl, args):
    __tracebackhide__ = True
    what = f"resnet_block{args}"
    blk = impl.resnet_block(*args)
    if not isinstance(blk, (list, tuple, nn.Sequential)) or not all(isinstance(b, nn.Module) for b in blk):
        fail(f"{what} returned {type(blk).__name__}: return a list of Residual blocks (d2l: blk = [], append, "
             "return blk); the net wraps it, nn.Sequential(*resnet_block(...))",
             f"{what} 返回了 {type(blk).__name__}：应返回 Residual 块组成的列表（d2l：blk = []，append，return blk）；"
             "网络里再用 nn.Sequential(*resnet_block(...)) 包起来")
    return nn.Sequential(*blk), what


def _stage_mistakes(args):
    input_channels, num_channels, num_residuals, first_block = args
    halving = lambda got: [g for g in got if g.startswith("Conv2d") and "kernel_size=1" in g]  # noqa: E731
    return [
        Mistake(lambda got: first_block and halving(got), "resnet_block halving the size in the first block: with "
                "first_block=True no Residual halves (b1 already did, with its stride and max pool); all are "
                "Residual(num_channels, num_channels)", "resnet_block 在第一个模块里把大小减半了：first_block=True "
                "时没有 Residual 减半（b1 已经用步幅和最大汇聚层减过了）；全部是 Residual(num_channels, num_channels)"),
        Mistake(lambda got: not first_block and not halving(got), "the first Residual of a later stage halves "
                "height and width and changes the channels: Residual(input_channels, num_channels, "
                "use_1x1conv=True, strides=2)", "后面各阶段的第一个 Residual 要把高和宽减半并改变通道数："
                "Residual(input_channels, num_channels, use_1x1conv=True, strides=2)"),
        Mistake(lambda got: len(halving(got)) > 1, "only the first Residual (i == 0) halves; the others are "
                "Residual(num_channels, num_channels)", "只有第一个 Residual（i == 0）减半；其余是 "
                "Residual(num_channels, num_channels)"),
        Mistake(lambda got: input_channels != num_channels
                and sum(g.startswith(f"Conv2d({input_channels}, ") for g in got) > (1 if first_block else 2),
                "after the first Residual the channels are num_channels: Residual(num_channels, num_channels)",
                "第一个 Residual 之后通道数就是 num_channels：Residual(num_channels, num_channels)"),
        Mistake(lambda got: sum(g.startswith("BatchNorm2d") for g in got) != 2 * num_residuals,
                f"{num_residuals} Residual blocks: one per i in range(num_residuals)",
                f"应有 {num_residuals} 个 Residual：range(num_residuals) 中每个 i 一个"),
    ]


@exercise("resnet_block")
@pytest.mark.parametrize("first_block", [False, True])
def test_resnet_block(impl, ref, first_block):
    c = random.randint(1, 6)
    num = c if first_block else random.choice([k for k in range(1, 8) if k != c])
    args = (c, num, random.randint(2, 3), first_block)
    net, what = _stage(impl, args)
    nc.expect_layers(net, nn.Sequential(*ref.resnet_block(*args)), what, mistakes=_stage_mistakes(args))
    h, w = random.randint(4, 9), random.randint(4, 9)
    X = torch.randn(random.randint(1, 3), c, h, w)
    out = net(X)
    size = (h, w) if first_block else ((h + 1) // 2, (w + 1) // 2)
    expect(tuple(out.shape) == (len(X), num, *size), f"nn.Sequential(*{what}) maps {fmt_shape(X.shape)} to "
           f"{fmt_shape(out.shape)}, expected {fmt_shape((len(X), num, *size))}",
           f"nn.Sequential(*{what}) 把 {fmt_shape(X.shape)} 映射成了 {fmt_shape(out.shape)}，"
           f"应为 {fmt_shape((len(X), num, *size))}")


# --- resnet18 --------------------------------------------------------------------------------


def _resnet_mistakes(num_classes, in_channels):
    return [
        Mistake(lambda got: "kernel_size=7" in got[0], "that is the chapter's stem for 96x96 images (7x7 convolution "
                "with stride 2, then max pooling); d2l.resnet18 is for small images such as 28x28: "
                "nn.Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1), BatchNorm2d, ReLU, no pooling",
                "这是本章针对 96x96 图像的开头（7x7 卷积、步幅 2，再最大汇聚）；d2l.resnet18 针对 28x28 这样的小图像："
                "nn.Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1)、BatchNorm2d、ReLU，不汇聚"),
        Mistake(lambda got: not got[0].startswith(f"Conv2d({in_channels}, "), "the first convolution reads "
                "in_channels, the argument", "第一个卷积读 in_channels 个通道（参数）"),
        Mistake(lambda got: got.k >= len(got.want) - 1 and got[-1] != f"Linear(512, {num_classes})",
                "the net ends with nn.Linear(512, "
                "num_classes), the argument", "网络最后是 nn.Linear(512, num_classes)（参数）"),
        Mistake(lambda got: sum(g.startswith("Conv2d(64, 64, kernel_size=1") for g in got) > 0,
                "the first stage keeps the size: resnet_block(64, 64, 2, first_block=True)",
                "第一个阶段保持大小：resnet_block(64, 64, 2, first_block=True)"),
        Mistake(lambda got: not any(g.startswith("AdaptiveAvgPool2d") for g in got), "a global average "
                "nn.AdaptiveAvgPool2d((1, 1)) comes before the fully connected layer",
                "全连接层之前要有全局平均 nn.AdaptiveAvgPool2d((1, 1))"),
    ]


def _resnet_args():
    """Neither Fashion-MNIST's 10 classes nor its 1 channel: a hard-coded 10 or 1 shows."""
    return random.choice([q for q in range(2, 21) if q != 10]), random.randint(2, 3)


@exercise("resnet18")
def test_resnet18_layers(impl, ref):
    num_classes, in_channels = _resnet_args()
    for args in ((num_classes, in_channels), (num_classes,)):  # in_channels defaults to 1
        what = f"resnet18({num_classes}" + (f", in_channels={in_channels})" if len(args) == 2 else ")")
        nc.expect_net(impl.resnet18, ref.resnet18, *args, what=what,
                      mistakes=_resnet_mistakes(num_classes, args[1] if len(args) == 2 else 1))


@exercise("resnet18")
def test_resnet18_shapes(impl):
    num_classes, in_channels = _resnet_args()
    what = f"resnet18({num_classes}, in_channels={in_channels})"
    net = nc.on_meta(impl.resnet18, num_classes, in_channels)
    nc.expect_module(net, what)
    for size in (28, 96):
        batch = random.randint(2, 8)
        X = nc.meta_input(batch, in_channels, size, size)
        out, where, e = nc.failing_layer(net, X)
        if e is not None:
            fail(f"{what} failed at {where} on a batch {fmt_shape(X.shape)}: that is the first layer whose input "
                 f"does not fit; walk the shapes stage by stage up to it ({original(e)})",
                 f"{what} 在一批 {fmt_shape(X.shape)} 上于 {where} 处出错：这是第一个输入对不上的层；"
                 f"逐个阶段检查到它为止的形状（{original(e)}）")
        expect(tuple(out.shape) == (batch, num_classes), f"{what} maps {fmt_shape(X.shape)} to "
               f"{fmt_shape(out.shape)}, expected ({batch}, {num_classes})",
               f"{what} 把 {fmt_shape(X.shape)} 映射成了 {fmt_shape(out.shape)}，应为 ({batch}, {num_classes})")
