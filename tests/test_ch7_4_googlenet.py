"""Graded tests for d2l 7.4, GoogLeNet: the Inception block's four paths, and the net on 96x96 input (meta)."""

import itertools
import random

import pytest
import torch
from torch.nn import functional as F

from katas import netcheck as nc
from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.explain import original
from katas.testkit import build

exercise = pytest.mark.exercise

LAYERS = ("p1_1", "p2_1", "p2_2", "p3_1", "p3_2", "p4_1", "p4_2")  # d2l's names, path by path
PATHS = ("p1_1", "p2_1, p2_2", "p3_1, p3_2", "p4_1, p4_2")


# --- Inception -------------------------------------------------------------------------------


def _args():
    """Small random channel counts; the four paths' outputs never all equal (so dim 0 cannot stack them)."""
    while True:
        c1, c4 = random.randint(1, 5), random.randint(1, 5)
        c2, c3 = (random.randint(1, 5), random.randint(1, 5)), (random.randint(1, 5), random.randint(1, 5))
        if len({c1, c2[1], c3[1], c4}) > 1:
            return random.randint(1, 5), c1, c2, c3, c4


def _layer_mistakes(name):
    return {
        "p4_1": [Mistake(lambda g: "padding=1" not in g or "stride=3" in g, "path 4's max pool must keep height and "
                         "width: nn.MaxPool2d(kernel_size=3, stride=1, padding=1) (its stride defaults to the kernel "
                         "size)", "第 4 条路径的最大汇聚层要保持高和宽："
                         "nn.MaxPool2d(kernel_size=3, stride=1, padding=1)（stride 默认等于窗口大小）")],
        "p2_2": [Mistake(lambda g: "padding=1" not in g, "the 3x3 convolution keeps height and width with "
                         "padding=1", "3x3 卷积要 padding=1 才能保持高和宽")],
        "p3_2": [Mistake(lambda g: "padding=2" not in g, "the 5x5 convolution keeps height and width with "
                         "padding=2", "5x5 卷积要 padding=2 才能保持高和宽")],
    }.get(name, [])


def _centre(blk, x):
    """Biases that put each convolution's median output at 0 on x: every ReLU then cuts about half."""

    def centre(conv, inp):
        out = conv(inp)
        conv.bias -= out.transpose(0, 1).reshape(out.shape[1], -1).median(dim=1).values
        return conv(inp)

    with torch.no_grad():
        centre(blk.p1_1, x)
        centre(blk.p2_2, F.relu(centre(blk.p2_1, x)))
        centre(blk.p3_2, F.relu(centre(blk.p3_1, x)))
        centre(blk.p4_2, blk.p4_1(x))


def _inception(impl, ref, args, X):
    """The learner's Inception, its layers checked one by one against d2l's, its biases centred on X."""
    __tracebackhide__ = True
    blk, expected = build(impl.Inception, *args), ref.Inception(*args)
    what = f"Inception{args}"
    for name in LAYERS:
        layer = getattr(blk, name, None)
        if not isinstance(layer, torch.nn.Module):
            fail(f"{what} has no layer {name}: keep d2l's names p1_1, p2_1, p2_2, p3_1, p3_2, p4_1, p4_2 "
                 "(path 1: p1_1; path 2: p2_1 then p2_2; ...)",
                 f"{what} 没有 {name} 层：请沿用 d2l 的名字 p1_1、p2_1、p2_2、p3_1、p3_2、p4_1、p4_2")
        got, want = nc.describe(layer), nc.describe(getattr(expected, name))
        if got != want:
            m = next((m for m in _layer_mistakes(name) if m.seen_in(got)), None)
            en, zh = f"{what}.{name} is {got}, expected {want}", f"{what}.{name} 是 {got}，应为 {want}"
            fail(f"{en}: {m.en}" if m else en, f"{zh}：{m.zh}" if m else zh)
    nc.expect_param_count(blk, expected, what)
    _centre(blk, X)
    for name in LAYERS:  # by the names the stub asks for, never by the state_dict's keys (they may be more)
        getattr(expected, name).load_state_dict(getattr(blk, name).state_dict())
    return blk, expected, what


def _paths(ref_blk, x):
    """Each path's output as d2l computes it."""
    p1 = F.relu(ref_blk.p1_1(x))
    p2 = F.relu(ref_blk.p2_2(F.relu(ref_blk.p2_1(x))))
    p3 = F.relu(ref_blk.p3_2(F.relu(ref_blk.p3_1(x))))
    p4 = F.relu(ref_blk.p4_2(ref_blk.p4_1(x)))
    return [p1, p2, p3, p4]


def _forward(blk, X, what):
    __tracebackhide__ = True
    try:
        return blk(X)
    except NotImplementedError:
        raise
    except RuntimeError as e:
        if "Sizes of tensors must match except in dimension 0" in str(e):
            fail(f"{what}(X {fmt_shape(X.shape)}) failed: Inception concatenating on dim 0 stacks the paths "
                 f"as more examples; concatenate on the channel dimension, torch.cat((p1, p2, p3, p4), dim=1)"
                 f" ({original(e)})",
                 f"{what}(X {fmt_shape(X.shape)}) 出错：在第 0 维上连结会把各条路径当成更多的样本；"
                 "应在通道维上连结，torch.cat((p1, p2, p3, p4), dim=1)")
        if "Sizes of tensors must match" in str(e):
            fail(f"{what}(X {fmt_shape(X.shape)}) failed: every path must keep the input's height and width"
            f" ({original(e)})",
                 f"{what}(X {fmt_shape(X.shape)}) 出错：每条路径都要保持输入的高和宽")
        raise


@exercise("Inception")
def test_inception_concatenates_four_paths(impl, ref, device):
    args = _args()
    X = torch.randn(random.randint(1, 4), args[0], random.randint(3, 9), random.randint(3, 9))
    blk, expected, what = _inception(impl, ref, args, X)
    blk.to(device)
    expected.to(device)
    X = X.to(device)
    with torch.no_grad():
        out = _forward(blk, X, what)
        paths = _paths(expected, X)
    want = torch.cat(paths, dim=1)
    sizes = [p.shape[1] for p in paths]
    orders = [torch.cat(p, dim=1) for p in itertools.permutations(paths)][1:]  # all but (p1, p2, p3, p4)
    bounds = [0, *itertools.accumulate(sizes)]
    bad = []
    if torch.is_tensor(out) and out.shape == want.shape:
        bad = [k for k in range(4) if not close(out[:, bounds[k] : bounds[k + 1]], paths[k])]
    named = ", ".join(f"{k + 1} ({PATHS[k]})" for k in bad)
    expect_tensor(out, want, f"{what}(X {fmt_shape(X.shape)})", mistakes=[
        Mistake(lambda a: a.shape[0] == 4 * X.shape[0], "Inception concatenating on dim 0: the paths became more "
                "examples; concatenate on the channel dimension, torch.cat((p1, p2, p3, p4), dim=1)",
                "Inception 在第 0 维上连结：各条路径变成了更多的样本；"
                "应在通道维上连结，torch.cat((p1, p2, p3, p4), dim=1)"),
        Mistake(lambda a: any(close(a, o) for o in orders), "the paths are concatenated in another order: "
                "torch.cat((p1, p2, p3, p4), dim=1)", "路径连结的顺序不对：torch.cat((p1, p2, p3, p4), dim=1)"),
        Mistake(lambda a: bool((a < 0).any()), "some outputs are negative: every path ends with F.relu, path 4 "
                "after its 1x1 convolution (pool, conv, ReLU)", "有负的输出：每条路径最后都要 F.relu，"
                "第 4 条路径是在 1x1 卷积之后（汇聚、卷积、ReLU）"),
        Mistake(lambda a: bool(bad), f"path {named} differs from d2l's: a ReLU follows every convolution, e.g. "
                "path 2 is F.relu(p2_2(F.relu(p2_1(x))))", f"路径 {named} 与 d2l 的不同：每个卷积之后都有 ReLU，"
                "例如第 2 条路径是 F.relu(p2_2(F.relu(p2_1(x))))"),
    ])


@exercise("Inception")
def test_inception_gradients_reach_every_layer(impl, ref):
    args = _args()
    X = torch.randn(random.randint(2, 4), args[0], random.randint(3, 7), random.randint(3, 7))
    blk, _, what = _inception(impl, ref, args, X)
    _forward(blk, X, what).sum().backward()
    missing = [n for n, p in blk.named_parameters() if p.grad is None]
    expect(not missing, f"after backward, {missing} of {what} have no gradient: every path must take part in the "
           "output", f"反向传播之后 {what} 的 {missing} 没有梯度：每条路径都要参与输出")


# --- googlenet -------------------------------------------------------------------------------


PATH_OF = {"p1_1": "path 1", "p2_1": "path 2", "p2_2": "path 2", "p3_1": "path 3", "p3_2": "path 3",
           "p4_1": "path 4", "p4_2": "path 4"}


def _where(net, qualname):
    """d2l's names for a place in GoogLeNet: "b4's fifth Inception (4e), path 1 (p1_1)"."""
    stage, *rest = qualname.split(".")
    if int(stage) == 5:
        return "the head"
    text = f"b{int(stage) + 1}"
    if not rest:
        return text
    blocks = list(net[int(stage)])
    blk = blocks[int(rest[0])]
    if type(blk).__name__ != "Inception":
        return f"{text}'s {nc.describe(blk)}"
    n = sum(type(b).__name__ == "Inception" for b in blocks[: int(rest[0])])
    text += f"'s {nc.ordinal(n)} Inception ({int(stage) + 1}{'abcde'[n]})"
    return text + (f", {PATH_OF.get(rest[1], rest[1])} ({rest[1]})" if len(rest) > 1 else "")


def _net_mistakes():
    return [
        Mistake(lambda got: got.k >= len(got.want) - 1 and got[-1] != "Linear(1024, 10)", "the last Inception "
                "outputs 384 + 384 + 128 + 128 = 1024 channels, averaged to (batch, 1024): the net ends with "
                "nn.Linear(1024, 10)",
                "五个阶段最后得到 1024 个通道，平均成 (batch, 1024)：网络最后是 nn.Linear(1024, 10)"),
        Mistake(lambda got: sum(g.startswith("MaxPool2d(kernel_size=3, stride=2, padding=1)") for g in got) != 4,
                "each of b1, b2, b3 and b4 ends with nn.MaxPool2d(kernel_size=3, stride=2, padding=1)",
                "b1、b2、b3、b4 的最后各有一个 nn.MaxPool2d(kernel_size=3, stride=2, padding=1)"),
        Mistake(lambda got: not any(g.startswith("AdaptiveAvgPool2d") for g in got), "b5 ends with "
                "nn.AdaptiveAvgPool2d((1, 1)) and nn.Flatten()",
                "b5 最后是 nn.AdaptiveAvgPool2d((1, 1)) 和 nn.Flatten()"),
    ]


@exercise("googlenet")
def test_googlenet_layers(impl, ref):
    nc.expect_net(impl.googlenet, ref.googlenet, what="googlenet()", mistakes=_net_mistakes(), where=_where)


@exercise("googlenet")
def test_googlenet_shape_walk_96(impl):
    net = nc.on_meta(impl.googlenet)
    nc.expect_module(net, "googlenet()")
    nc.expect_scores(net, "googlenet()", random.randint(1, 8), 96, on_error=(
        "each Inception's in_channels is the sum of the four path channels of the one before",
        "每个 Inception 的 in_channels 是前一个 Inception 四条路径通道数之和"))
