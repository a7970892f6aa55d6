"""Checks on networks made of layers (chapter 7): layer-by-layer against the reference, on the meta device.

A net is compared by its leaf layers (modules without children) in the order they were
registered, each written as a short line: `Conv2d(1, 96, kernel_size=11, stride=4, padding=1)`.
How the learner nests blocks (one Sequential or several) does not matter; the layers do.
Big nets (AlexNet's 47M parameters, VGG's 129M) are built on the meta device: shapes, no data.
A difference is named where the reference has it ("net[3], its fifth Inception, p1_1", or a test's own words),
and a wrong channel count by what produces the right one (channel_flow: the reference run once on meta).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence

import torch
from torch import nn

from katas.checks import Mistake, expect, fail, fmt_shape
from katas.explain import original


def _pair(v):
    """3 for (3, 3): the way a learner writes square sizes."""
    if isinstance(v, (tuple, list)) and len(v) == 2 and v[0] == v[1]:
        return v[0]
    return tuple(v) if isinstance(v, list) else v


def describe(layer: nn.Module) -> str:
    """One line for a layer: the arguments that make it what it is, nothing that is only a default."""
    line = _described(layer)
    options = [o for o in _options(layer) if f"{o.partition('=')[0]}=" not in line]
    return f"{line[:-1]}{', ' if line[-2] != '(' else ''}{', '.join(options)})" if options else line


def _described(layer: nn.Module) -> str:
    name = type(layer).__name__
    if isinstance(layer, nn.Conv2d):
        args = [str(layer.in_channels), str(layer.out_channels), f"kernel_size={_pair(layer.kernel_size)}"]
        if _pair(layer.stride) != 1:
            args.append(f"stride={_pair(layer.stride)}")
        if _pair(layer.padding) != 0:
            args.append(f"padding={_pair(layer.padding)}")
        if _pair(layer.dilation) != 1:
            args.append(f"dilation={_pair(layer.dilation)}")
        if layer.groups != 1:
            args.append(f"groups={layer.groups}")
        if layer.bias is None:
            args.append("bias=False")
        return f"{name}({', '.join(args)})"
    if isinstance(layer, (nn.MaxPool2d, nn.AvgPool2d)):
        args = [f"kernel_size={_pair(layer.kernel_size)}", f"stride={_pair(layer.stride)}"]
        if _pair(layer.padding) != 0:
            args.append(f"padding={_pair(layer.padding)}")
        return f"{name}({', '.join(args)})"
    if isinstance(layer, nn.Linear):
        return f"{name}({layer.in_features}, {layer.out_features})"
    if isinstance(layer, nn.modules.batchnorm._BatchNorm):
        return f"{name}({layer.num_features})"
    if isinstance(layer, nn.Dropout):
        return f"{name}({layer.p})"
    if isinstance(layer, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
        return f"{name}({_pair(layer.output_size)})"
    if isinstance(layer, nn.Flatten):
        return name + ("()" if (layer.start_dim, layer.end_dim) == (1, -1) else f"({layer.start_dim}, {layer.end_dim})")
    params = [f"{n} {tuple(p.shape)}" for n, p in layer.named_parameters(recurse=False)]
    return f"{name}({', '.join(params)})"


# written by _described with no name, or seen in the parameters and buffers (bias, affine, ...); or options that
# change no value the net computes
_SHOWN = {"in_channels", "out_channels", "in_features", "out_features", "num_features", "p", "output_size",
          "start_dim", "end_dim", "bias", "affine", "track_running_stats", "inplace", "device", "dtype"}


def _options(layer: nn.Module) -> list[str]:
    """The options of one of torch's layers that are set to other than their defaults and _described does not write:
    a padding_mode, a pool's dilation or ceil_mode, a BatchNorm's eps or momentum, a LeakyReLU's slope. Each changes
    what the net computes and shows in no shape (red team I47 passed AlexNet with circular padding)."""
    if not type(layer).__module__.startswith("torch."):
        return []  # a learner's own layer: its parameters say what it is
    try:
        defaults = inspect.signature(type(layer).__init__).parameters
    except (TypeError, ValueError):
        return []
    options = []
    for name, arg in defaults.items():
        value = getattr(layer, name, arg.default) if name not in _SHOWN else arg.default
        if arg.default is inspect.Parameter.empty or isinstance(value, (torch.Tensor, nn.Module)):
            continue
        value = _pair(value) if isinstance(value, tuple) else value
        if value != arg.default:
            options.append(f"{name}={value!r}")
    if isinstance(layer, (nn.MaxPool2d, nn.AvgPool2d)) and _pair(layer.padding) == 0:  # with no padding, the pads
        options = [o for o in options if not o.startswith("count_include_pad=")]  # counted are none
    return options


def leaves(net: nn.Module) -> list[nn.Module]:
    """The layers of net that hold no other layers, in the order they were registered."""
    return [m for m in net.modules() if not list(m.children())]


def named_leaves(net: nn.Module) -> list[tuple[str, nn.Module]]:
    """leaves(net) with their qualified names ("3.1.p1_1"), in the same order."""
    return [(n, m) for n, m in net.named_modules() if not list(m.children())]


def layer_lines(net: nn.Module) -> list[str]:
    return [describe(m) for m in leaves(net)]


def count_params(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


def fmt_count(n: int) -> str:
    return f"{n / 1e6:.2f}M" if n >= 1e6 else f"{n:,}"


def expect_module(net, what: str) -> None:
    __tracebackhide__ = True
    if not isinstance(net, nn.Module):
        fail(f"{what} returned {type(net).__name__}, expected an nn.Module (e.g. nn.Sequential(...))",
             f"{what} 返回了 {type(net).__name__}，应返回 nn.Module（例如 nn.Sequential(...)）")


class LayerDiff(list):
    """The learner's layer lines as a Mistake sees them, with want (the reference's) and k, the first that differs."""

    def __init__(self, got: list[str], want: list[str], k: int):
        super().__init__(got)
        self.want, self.k = want, k


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(i: int) -> str:
    """"second" for 1: the i-th (from 0) in words."""
    return _ORDINALS[i] if i < len(_ORDINALS) else f"{i + 1}th"


def place(root: nn.Module, qualname: str) -> str:
    """Where a layer sits in root, in words: "net[3], its second Inception, p1_1" for "3.1.p1_1"."""
    words, parent = [], root
    for depth, part in enumerate(qualname.split(".")):
        child = parent.get_submodule(part)
        kind = type(child).__name__
        if not part.isdigit():
            if depth == 0 or not isinstance(child, nn.Sequential):  # DenseBlock's self.net only holds the blocks
                words.append(part)
        elif depth == 0:
            words.append(f"net[{part}]" + (f" ({kind})" if kind != "Sequential" and list(child.children()) else ""))
        else:
            before = [m for m in parent._modules.values() if m is not None][: int(part)]
            same = sum(type(m) is type(child) for m in before)
            words.append(f"its {ordinal(same)} {'block' if kind == 'Sequential' else kind}")
        parent = child
    return ", ".join(words)


def _changes_channels(m: nn.Module) -> bool:
    """A block, or a layer that sets the channels (a convolution, a Linear); not ReLU, pooling, batch norm."""
    return bool(list(m.children())) or hasattr(m, "out_channels") or hasattr(m, "out_features")


def channel_flow(net: nn.Module) -> dict[str, tuple[int, int, list[int]]] | None:
    """For each module of net by qualified name: (channels in, channels out, parts), parts being the channels a
    torch.cat along dim 1 joined its output from (DenseBlock's repeated cat((X, Y)) as one list); None when no
    input size we try runs through net."""
    from torch.overrides import TorchFunctionMode

    from katas.forbid import graders_mode

    names = {id(m): n for n, m in net.named_modules()}
    flow: dict[str, tuple[int, int, list[int]]] = {}
    inputs: dict[str, int] = {}
    parts: dict[str, list[int]] = {}
    stack: list[str] = []

    @graders_mode  # a from-scratch layer may run beneath it
    class Cat(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            out = func(*args, **kwargs)
            if func in (torch.cat, torch.concat) and stack:
                dim = kwargs.get("dim", args[1] if len(args) > 1 else 0)
                if dim in (1, -3):
                    sizes = [int(t.shape[1]) for t in args[0]]
                    mine = parts.get(stack[-1])
                    if mine and sizes[0] == sum(mine):
                        mine.extend(sizes[1:])
                    else:
                        parts[stack[-1]] = sizes
            return out

    def pre(m, args):
        stack.append(names[id(m)])
        if args and torch.is_tensor(args[0]) and args[0].dim() >= 2:
            inputs[names[id(m)]] = int(args[0].shape[1])

    def post(m, args, out):
        name = stack.pop()
        if torch.is_tensor(out) and out.dim() >= 2 and name in inputs:
            flow[name] = (inputs[name], int(out.shape[1]), parts.get(name, []))

    first = next((m for m in net.modules() if hasattr(m, "in_channels") or hasattr(m, "in_features")), None)
    if first is None:
        return None
    c = getattr(first, "in_channels", None) or first.in_features
    device = next(net.parameters()).device
    handles = [h for m in net.modules() for h in (m.register_forward_pre_hook(pre), m.register_forward_hook(post))]
    try:
        for size in (28, 96, 224):
            flow.clear()
            parts.clear()
            stack.clear()
            X = torch.zeros((2, c, size, size) if hasattr(first, "in_channels") else (2, c), device=device)
            try:
                with torch.no_grad(), Cat():
                    net(X)
                return flow
            except Exception:  # noqa: BLE001 (too small an input for this net: try the next size)
                continue
        return None
    finally:
        for h in handles:
            h.remove()


def _producer(root: nn.Module, qualname: str, n: int, flow) -> str | None:
    """The module whose output (n channels) the layer qualname reads, following the blocks it sits in."""
    path = qualname.split(".")
    while path:
        name = path.pop()
        parent_name = ".".join(path)
        parent = root.get_submodule(parent_name) if path else root
        prefix = parent_name + "." if path else ""
        keys = list(parent._modules)
        earlier = [k for k in keys[: keys.index(name)] if parent._modules[k] is not None]
        if not isinstance(parent, nn.Sequential):
            if flow.get(parent_name, (None,))[0] == n or not path and n == flow.get("", (None,))[0]:
                continue  # the layer reads its block's input: look where the block's input comes from
            feeders = [k for k in earlier if flow.get(prefix + k, (0, None))[1] == n]
            return prefix + feeders[-1] if feeders else None
        for k in reversed(earlier):
            if _changes_channels(parent._modules[k]):
                return prefix + k if flow.get(prefix + k, (0, None))[1] == n else None
    return None


def _last_setter(root: nn.Module, name: str) -> str:
    """Inside a Sequential, the last layer or block that set the channels it outputs."""
    m = root.get_submodule(name)
    while isinstance(m, nn.Sequential):
        setters = [k for k, c in m._modules.items() if c is not None and _changes_channels(c)]
        if not setters:
            break
        name, m = f"{name}.{setters[-1]}", m._modules[setters[-1]]
    return name


def _reads(line: str) -> tuple[str, int, str] | None:
    """("Conv2d", 512, ", 256, kernel_size=1)") for "Conv2d(512, 256, kernel_size=1)": a layer's input count."""
    name, _, rest = line.partition("(")
    count, sep, tail = rest.partition(",") if "," in rest else rest.partition(")")
    return (name, int(count), sep + tail) if count.isdigit() else None


def channel_cause(expected: nn.Module, qualname: str, got: str, want: str, where=place) -> tuple[str, str] | None:
    """Why the reference's layer qualname reads the count it does, when the learner's differs only there: which
    block before it outputs that many channels, and how they add up."""
    g, w = _reads(got), _reads(want)
    if not g or not w or g[0] != w[0] or g[2] != w[2] or g[1] == w[1]:
        return None
    flow = channel_flow(expected)
    src = _producer(expected, qualname, w[1], flow) if flow else None
    if src is None:
        return None
    src = _last_setter(expected, src)
    parts = flow.get(src, (0, 0, []))[2]
    sum_en = f" = {' + '.join(map(str, parts))}" if len(parts) > 1 else ""
    layer = expected.get_submodule(src)
    shown = f" ({describe(layer)})" if not list(layer.children()) else ""
    return (f"it reads what {where(expected, src)}{shown} outputs, {w[1]} channels{sum_en}, not {g[1]}",
            f"它读的是 {where(expected, src)}{shown} 的输出，{w[1]} 个通道{sum_en}，而不是 {g[1]}")


def expect_layers(net: nn.Module, expected: nn.Module, what: str, mistakes: Sequence[Mistake] = (),
                  where=place) -> None:
    """net has expected's layers, in order; on the first difference, say where it is in the reference
    (where(expected, qualified name) in words), why a channel count is what it is, and name a classic
    mistake if one matches. Each Mistake sees a LayerDiff: the learner's layer lines (describe())."""
    __tracebackhide__ = True
    expect_module(net, what)
    got, want = layer_lines(net), layer_lines(expected)
    if got == want:
        _expect_same_tensors(net, expected, what, where)
        return
    k = next((i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w), min(len(got), len(want)))
    causes = []
    if k < min(len(got), len(want)):
        qualname = named_leaves(expected)[k][0]
        at = where(expected, qualname) if "." in qualname or where is not place else ""  # a flat net: its index
        layer, layer_zh = (f"{at} (layer {k})", f"{at}（第 {k} 层）") if at else (f"layer {k}", f"第 {k} 层")
        en = f"{what}: {layer} is {got[k]}, expected {want[k]}"
        zh = f"{what}：{layer_zh}是 {got[k]}，应为 {want[k]}"
        cause = channel_cause(expected, qualname, got[k], want[k], where)
        if cause:
            causes.append(cause)
    elif len(got) < len(want):
        en = f"{what} has {len(got)} layers, expected {len(want)}: the next one should be {want[k]}"
        zh = f"{what} 只有 {len(got)} 层，应有 {len(want)} 层：下一层应为 {want[k]}"
    else:
        en = f"{what} has {len(got)} layers, expected {len(want)}: layer {k} ({got[k]}) is one too many"
        zh = f"{what} 有 {len(got)} 层，应有 {len(want)} 层：第 {k} 层（{got[k]}）是多余的"
    diff = LayerDiff(got, want, k)
    m = next((m for m in mistakes if m.seen_in(diff)), None)
    if m:
        causes.append((m.en, m.zh))
    fail(": ".join([en] + [c[0] for c in causes]), "：".join([zh] + [c[1] for c in causes]))


def _tensors_of(m: nn.Module, recurse: bool = False) -> list[tuple[str, tuple]]:
    return [(n, tuple(t.shape)) for n, t in (*m.named_parameters(recurse=recurse), *m.named_buffers(recurse=recurse))
            if not nn.parameter.is_lazy(t)]


def _expect_same_tensors(net: nn.Module, expected: nn.Module, what: str, where=place) -> None:
    """Layers whose lines match hold the reference's parameters and buffers, of its shapes, and the net holds no
    others: a line says what a layer's attributes say, and forward reads its weight (red team I21 made a 3x3
    convolution, dilated by 5, say kernel_size=11, and gave it an unused parameter that made the count right)."""
    __tracebackhide__ = True
    for k, ((qualname, mine), (_, theirs)) in enumerate(zip(named_leaves(net), named_leaves(expected), strict=True)):
        got, want = _tensors_of(mine), _tensors_of(theirs)
        if got != want:
            at = where(expected, qualname) if "." in qualname or where is not place else ""
            layer = f"{at} (layer {k})" if at else f"layer {k}"
            fail(f"{what}: {layer} says {describe(mine)}, but holds {_listed(got)}, where d2l's holds "
                 f"{_listed(want)}: give a layer its sizes when you make it, never by changing its attributes or "
                 "adding parameters afterwards",
                 f"{what}：第 {k} 层写的是 {describe(mine)}，但它的参数是 {_listed(got)}，d2l 的是 {_listed(want)}："
                 "请在创建层时给出它的大小，不要事后修改它的属性或添加参数")
    got, want = _tensors_of(net, recurse=True), _tensors_of(expected, recurse=True)
    if [s for _, s in got] != [s for _, s in want]:
        extra = next((n for n, _ in got if n not in dict(want)), "?")
        fail(f"{what} holds parameters or buffers d2l's does not ({extra}): a net's tensors are its layers' own",
             f"{what} 含有 d2l 的网络没有的参数或缓冲区（{extra}）：网络的张量应当都属于它的层")


def _listed(tensors: list[tuple[str, tuple]]) -> str:
    return ", ".join(f"{n} {s}" for n, s in tensors) or "nothing"


def expect_param_count(net: nn.Module, expected: nn.Module, what: str) -> None:
    __tracebackhide__ = True
    got, want = count_params(net), count_params(expected)
    if got != want:
        fail(f"{what} has {fmt_count(got)} parameters, d2l's has {fmt_count(want)}",
             f"{what} 有 {fmt_count(got)} 个参数，d2l 的有 {fmt_count(want)} 个")


def copy_params(src: nn.Module, dst: nn.Module) -> None:
    """dst's parameters and buffers become src's, position by position (their layers are the same)."""
    with torch.no_grad():
        for a, b in zip(src.parameters(), dst.parameters(), strict=True):
            b.copy_(a)
        for a, b in zip(src.buffers(), dst.buffers(), strict=True):
            b.copy_(a)


def on_meta(build, *args):
    """build(*args) with every tensor it creates on the meta device: shapes only, no memory, no time."""
    with torch.device("meta"):
        return build(*args)


def meta_input(*shape: int) -> torch.Tensor:
    return torch.empty(*shape, device="meta")


def expect_net(build, reference, *args, what: str, mistakes: Sequence[Mistake] = (), where=place) -> nn.Module:
    """build(*args) against reference(*args), both on the meta device: the same layers (mistakes name
    the classic differences), the same parameter count, and a new net on every call. Returns the net."""
    __tracebackhide__ = True
    net, expected = on_meta(build, *args), on_meta(reference, *args)
    expect_layers(net, expected, what, mistakes, where)
    expect_param_count(net, expected, what)
    expect_new_each_call(build, *args, what=what)
    return net


def failing_layer(net: nn.Module, X: torch.Tensor):
    """net(X); on a RuntimeError, (None, where, e) with where the layer that raised it, in words (place()) and as
    describe() writes it: the first place a shape goes wrong, not the end of the net. Else (out, "", None)."""
    names = {id(m): n for n, m in net.named_modules()}
    entered: list[tuple[str, str]] = []

    def enter(m, args):
        shown = fmt_shape(args[0].shape) if args and torch.is_tensor(args[0]) else "?"
        entered.append((names[id(m)], shown))

    done: set[str] = set()
    handles = [h for m in leaves(net) for h in (m.register_forward_pre_hook(enter),
                                                 m.register_forward_hook(lambda m, a, o: done.add(names[id(m)])))]
    try:
        return net(X), "", None
    except NotImplementedError:
        raise
    except RuntimeError as e:
        if not entered:
            return None, "", e
        name, shown = entered[-1]
        if name in done:  # the layer ran: what failed is the block around it, joining its layers' outputs
            block = name.rpartition(".")[0]
            return None, (f"the forward of {place(net, block)} ({type(net.get_submodule(block)).__name__}), after "
                          f"{describe(net.get_submodule(name))}" if block else ""), e
        return None, f"{place(net, name)} ({describe(net.get_submodule(name))}, given an input of shape {shown})", e
    finally:
        for h in handles:
            h.remove()


def expect_scores(net, what: str, batch: int, size: int, on_error: tuple[str, str],
                  on_shape: tuple[str, str] = ("", "")) -> None:
    """net maps a (batch, 1, size, size) batch of images to (batch, 10) scores (on meta: shapes only).

    on_error says where to look when a layer rejects its input's shape; on_shape what to change when
    the output has the wrong shape.
    """
    __tracebackhide__ = True
    X = meta_input(batch, 1, size, size)
    out, where, e = failing_layer(net, X)
    if e is not None:
        at, at_zh = (f" at {where}", f"在 {where} 处") if where else ("", "")
        fail(f"{what} failed{at} on a batch {fmt_shape(X.shape)} of {size}x{size} images: {on_error[0]} "
             f"({original(e)})",
             f"{what} {at_zh}在 {size}x{size} 的一批图像 {fmt_shape(X.shape)} 上出错：{on_error[1]}（{original(e)}）")
    en, zh = (f": {on_shape[0]}", f"：{on_shape[1]}") if on_shape[0] else ("", "")
    expect(tuple(out.shape) == (batch, 10), f"{what} maps {fmt_shape(X.shape)} to {fmt_shape(out.shape)}, "
           f"expected ({batch}, 10){en}", f"{what} 把 {fmt_shape(X.shape)} 映射成了 {fmt_shape(out.shape)}，"
           f"应为 ({batch}, 10){zh}")


def expect_new_each_call(build, *args, what: str) -> None:
    """A net-building function returns a new net (fresh parameters) on every call."""
    __tracebackhide__ = True
    a, b = on_meta(build, *args), on_meta(build, *args)
    pa, pb = list(a.parameters()), list(b.parameters())
    if a is b or (pa and pb and pa[0] is pb[0]):
        fail(f"{what} returned the same layers twice: build the net inside the function, so every call "
             "makes a new one (a net at module level is shared by everyone who calls it)",
             f"{what} 两次返回了相同的层：要在函数里面构建网络，每次调用都新建一个"
             "（模块顶层的网络会被所有调用者共用）")
