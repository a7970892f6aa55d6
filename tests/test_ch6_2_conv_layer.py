"""Graded tests for d2l 6.2, convolutions for images."""

import contextlib
import random

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.explain import original
from katas.testkit import build, inplace_on_leaf, loops_one_short

exercise = pytest.mark.exercise


def xcorr(X, K):
    """The cross-correlation that corr2d computes, by torch's own convolution."""
    return F.conv2d(X[None, None], K[None, None])[0, 0]


def _random_image(device, dtype=torch.float32):
    h, w = random.randint(3, 9), random.randint(3, 9)
    kh, kw = random.randint(2, min(h, 4)), random.randint(2, min(w, 4))
    return torch.randn(h, w, device=device, dtype=dtype), torch.randn(kh, kw, device=device, dtype=dtype)


# --- corr2d ----------------------------------------------------------------------------------


def _corr2d_mistakes(X, K):
    (h, w), (kh, kw) = X.shape, K.shape
    return [
        Mistake(lambda a: a.dtype != X.dtype and a.dtype == torch.float32,
                f"Y is float32 for X of {X.dtype}: create it with X's dtype, torch.zeros(..., dtype=X.dtype)",
                f"X 是 {X.dtype}，Y 却是 float32：创建 Y 时用 X 的 dtype，torch.zeros(..., dtype=X.dtype)"),
        Mistake(lambda a: tuple(a.shape) == (h - kh, w - kw),
                "the output is one row and one column short: a window of height h fits n_h - h + 1 times, so Y "
                "has shape (X.shape[0] - h + 1, X.shape[1] - w + 1)",
                "输出少了一行一列：高为 h 的窗口能放 n_h - h + 1 次，"
                "Y 的形状是 (X.shape[0] - h + 1, X.shape[1] - w + 1)"),
        Mistake(lambda a: (h - kh, w - kw) != (w - kw, h - kh) and tuple(a.shape) == (w - kw + 1, h - kh + 1),
                "rows and columns are swapped: h, w = K.shape; Y[i, j] with i over rows (X.shape[0]) and j over "
                "columns (X.shape[1])",
                "行和列颠倒了：h, w = K.shape；Y[i, j] 的 i 沿行（X.shape[0]），j 沿列（X.shape[1]）"),
        Mistake(lambda a: close(a, xcorr(X, K.flip(0, 1))),
                "that is a true convolution, with K flipped: d2l's 'convolution' is cross-correlation, "
                "(X[i:i+h, j:j+w] * K).sum() with K as it is",
                "这是真正的卷积（K 被翻转了）：d2l 的“卷积”是互相关，直接用 K 计算 (X[i:i+h, j:j+w] * K).sum()"),
        *loops_one_short(xcorr(X, K)),
    ]


def _corr2d(impl, X, K):
    __tracebackhide__ = True
    try:
        return impl.corr2d(X, K)
    except RuntimeError as e:
        if not isinstance(e, NotImplementedError) and "number of sizes provided (0)" in str(e):
            fail(f"corr2d(X {fmt_shape(X.shape)}, K {fmt_shape(K.shape)}) could not store a window's result in "
                 f"Y[i, j]: the elementwise product X[i:i+h, j:j+w] * K is not summed; Y[i, j] = "
                 f"(X[i:i+h, j:j+w] * K).sum() ({original(e)})",
                 "corr2d 无法把窗口结果存入 Y[i, j]：按元素乘积没有求和；Y[i, j] = (X[i:i+h, j:j+w] * K).sum()")
        raise


@exercise("corr2d")
def test_corr2d_book_example(impl):
    X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    expect_tensor(_corr2d(impl, X, K), torch.tensor([[19.0, 25.0], [37.0, 43.0]]), "corr2d on d2l's 3x3 example",
                  mistakes=_corr2d_mistakes(X, K))


@exercise("corr2d")
def test_corr2d_random_sizes(impl, device):
    X, K = _random_image(device)
    expect_tensor(_corr2d(impl, X, K), xcorr(X, K), f"corr2d(X {fmt_shape(X.shape)}, K {fmt_shape(K.shape)})",
                  mistakes=_corr2d_mistakes(X, K))


@exercise("corr2d")
def test_corr2d_gradients(impl):
    X, K = (t.requires_grad_() for t in _random_image("cpu", torch.float64))
    out = _corr2d(impl, X, K)
    expect_tensor(out, xcorr(X, K).detach(), f"corr2d(X, K) in float64, X {fmt_shape(X.shape)}",
                  requires_grad=True, mistakes=[*_corr2d_mistakes(X.detach(), K.detach()), Mistake(
                      lambda a: not a.requires_grad, "the result was cut off from autograd (float(), .item() or "
                      "torch.tensor(...) make new numbers): assign the tensor itself, Y[i, j] = (... * K).sum()",
                      "结果脱离了自动求导（float()、.item()、torch.tensor(...) 会生成新数）："
                      "直接赋值 Y[i, j] = (... * K).sum()")])
    G = torch.randn_like(out)
    (out * G).sum().backward()
    Xr, Kr = X.detach().clone().requires_grad_(), K.detach().clone().requires_grad_()
    (xcorr(Xr, Kr) * G).sum().backward()
    expect_tensor(K.grad, Kr.grad, "K.grad after backward through corr2d")
    expect_tensor(X.grad, Xr.grad, "X.grad after backward through corr2d")


# --- Conv2D ----------------------------------------------------------------------------------


def _conv2d_layer(impl):
    __tracebackhide__ = True
    kernel_size = (random.randint(1, 4), random.randint(2, 4))
    layer = build(impl.Conv2D, kernel_size)
    w, b = getattr(layer, "weight", None), getattr(layer, "bias", None)
    if b is None:
        fail("Conv2D without bias: add self.bias = nn.Parameter(torch.zeros(1)), a learned scalar added to the output",
             "Conv2D 没有偏置：加上 self.bias = nn.Parameter(torch.zeros(1))，一个加到输出上的可学习标量")
    expect(torch.is_tensor(w), f"Conv2D{kernel_size} has no weight tensor", f"Conv2D{kernel_size} 没有 weight 张量")
    if not isinstance(w, nn.Parameter) or not isinstance(b, nn.Parameter):
        fail("Conv2D with plain tensors: weight and bias must be nn.Parameter, or parameters() never lists them "
             "and no optimizer trains them",
             "Conv2D 用了普通张量：weight 和 bias 必须是 nn.Parameter，否则 parameters() 看不到它们，"
             "优化器也不会训练它们")
    expect(tuple(w.shape) == kernel_size and tuple(b.shape) == (1,),
           f"Conv2D({kernel_size}) has weight {fmt_shape(w.shape)} and bias {fmt_shape(b.shape)}, expected "
           f"{fmt_shape(kernel_size)} and (1,)",
           f"Conv2D({kernel_size}) 的 weight 为 {fmt_shape(w.shape)}、bias 为 {fmt_shape(b.shape)}，"
           f"应为 {fmt_shape(kernel_size)} 和 (1,)")
    return layer, kernel_size


@exercise("Conv2D")
def test_conv2d_parameters(impl):
    layer, kernel_size = _conv2d_layer(impl)
    params = list(layer.parameters())
    expect(len(params) == 2 and params[0] is layer.weight and params[1] is layer.bias,
           "Conv2D.parameters() should be exactly [weight, bias]", "Conv2D.parameters() 应恰为 [weight, bias]")
    w = layer.weight.detach()
    # ten layers' weights together: a few N(0, 1) draws can all land in [0, 1) by chance, twenty-odd cannot
    drawn = torch.cat([w.flatten()] + [build(impl.Conv2D, kernel_size).weight.detach().flatten() for _ in range(9)])
    expect(bool(((drawn >= 0) & (drawn < 1)).all()) and float(drawn.std()) > 0,
           f"Conv2D's weight holds {w.tolist()}: draw it from U(0, 1) with torch.rand(kernel_size)",
           f"Conv2D 的 weight 为 {w.tolist()}：应用 torch.rand(kernel_size) 从 U(0, 1) 中抽取")
    expect(float(layer.bias.detach()) == 0.0, f"Conv2D's bias starts at {float(layer.bias.detach()):.3g}: "
           "torch.zeros(1)", f"Conv2D 的 bias 初始值为 {float(layer.bias.detach()):.3g}：应为 torch.zeros(1)")
    expect(not torch.equal(w, build(impl.Conv2D, kernel_size).weight.detach()) or w.numel() == 1,
           "two Conv2D layers got the same weight: draw it at random in __init__",
           "两个 Conv2D 层的 weight 相同：要在 __init__ 里随机生成")


@exercise("Conv2D")
def test_conv2d_forward_and_gradients(impl, device):
    layer, (kh, kw) = _conv2d_layer(impl)
    layer.to(device)
    with torch.no_grad():
        layer.bias.fill_(random.uniform(0.5, 2))  # a bias that shows whether forward adds it
    X = torch.randn(random.randint(kh + 1, 8), random.randint(kw + 1, 8), device=device)
    out = layer(X)
    w, b = layer.weight.detach(), layer.bias.detach()
    expect_tensor(out.detach() if torch.is_tensor(out) else out, xcorr(X, w) + b,
                  f"Conv2D{(kh, kw)}(X {fmt_shape(X.shape)})", mistakes=[
                      Mistake(lambda a: close(a, xcorr(X, w)), "Conv2D's forward ignores the bias: return "
                              "corr2d(x, self.weight) + self.bias", "Conv2D 的 forward 没有加偏置：return "
                              "corr2d(x, self.weight) + self.bias")])
    if not out.requires_grad:
        fail("Conv2D with .data: the output has no grad_fn, so backward never reaches weight and bias; use "
             "self.weight and self.bias themselves in forward",
             "Conv2D 用了 .data：输出没有 grad_fn，反向传播到不了 weight 和 bias；"
             "forward 里直接用 self.weight 和 self.bias")
    G = torch.randn_like(out)
    (out * G).sum().backward()
    wr = w.clone().requires_grad_()
    (xcorr(X, wr) * G).sum().backward()
    expect_tensor(layer.weight.grad, wr.grad, "Conv2D's weight.grad after backward")
    expect_tensor(layer.bias.grad, G.sum().reshape(1), "Conv2D's bias.grad after backward")


# --- edge_detect -----------------------------------------------------------------------------


def _bands(h, w, device, horizontal):
    """A white image (ones) with a black band (zeros) across it, as in d2l's 6 x 8 example."""
    X = torch.ones(h, w, device=device)
    n = h if horizontal else w
    a = random.randint(1, n - 2)
    b = random.randint(a + 1, n - 1)
    if horizontal:
        X[a:b, :] = 0
    else:
        X[:, a:b] = 0
    return X


def _edge_detect(impl, X, horizontal):
    __tracebackhide__ = True
    try:
        return impl.edge_detect(X, horizontal=horizontal)
    except ValueError as e:
        if "not enough values to unpack" in str(e):
            fail(f"edge_detect failed in corr2d: K must be 2-D, one row of two values, "
                 f"torch.tensor([[1.0, -1.0]]), since corr2d unpacks h, w = K.shape ({original(e)})",
                 "edge_detect 在 corr2d 中出错：K 必须是二维的（一行两个数）torch.tensor([[1.0, -1.0]])，"
                 "corr2d 要解包 h, w = K.shape")
        raise
    except RuntimeError as e:
        if not isinstance(e, NotImplementedError) and "same device" in str(e):
            fail(f"create K on X's device, torch.tensor([[1.0, -1.0]], device=X.device) ({original(e)})",
                 "edge_detect 出错：K 要建在 X 的设备上，torch.tensor([[1.0, -1.0]], device=X.device)")
        raise


@exercise("edge_detect")
def test_edge_detect_vertical_edges(impl, device):
    h, w = random.randint(4, 9), random.randint(6, 10)
    X = _bands(h, w, device, horizontal=False)
    expected = X[:, :-1] - X[:, 1:]
    expect_tensor(_edge_detect(impl, X, False), expected, f"edge_detect(X {fmt_shape(X.shape)}) with a black band",
                  mistakes=[
                      Mistake(lambda a: close(a, -expected), "the signs are flipped: with d2l's K = [[1.0, -1.0]] "
                              "a white-to-black edge (1 then 0) gives 1", "符号反了：用 d2l 的 K = [[1.0, -1.0]]，"
                              "从白到黑（先 1 后 0）的边缘输出 1"),
                      Mistake(lambda a: tuple(a.shape) == (h - 1, w), "these are horizontal edges (K transposed): by "
                              "default use K = [[1.0, -1.0]], one row of two, which sees vertical edges",
                              "这是水平边缘（K 被转置了）：默认用一行两列的 K = [[1.0, -1.0]]，它检测的是垂直边缘"),
                  ])


@exercise("edge_detect")
def test_edge_detect_horizontal_edges(impl, device):
    h = random.randint(6, 10)
    w = random.choice([k for k in range(4, 10) if k not in (h, h - 1)])  # (w, h - 1) must not look like (h - 1, w)
    X = _bands(h, w, device, horizontal=True)
    expected = X[:-1] - X[1:]
    expect_tensor(_edge_detect(impl, X, True), expected,
                  f"edge_detect(X {fmt_shape(X.shape)}, horizontal=True) with a black band", mistakes=[
                      Mistake(lambda a: tuple(a.shape) == (w, h - 1), "corr2d(X.T, K) finds the edges of the "
                              "transposed image, shape (w, h - 1): transpose the kernel instead, corr2d(X, K.T)",
                              "corr2d(X.T, K) 检测的是转置后图像的边缘，形状 (w, h - 1)：应转置卷积核 corr2d(X, K.T)"),
                      Mistake(lambda a: tuple(a.shape) == (h, w - 1), "horizontal=True still used K = [[1.0, -1.0]], "
                              "which only sees vertical edges: use K.T, shape (2, 1)",
                              "horizontal=True 时仍用了只能检测垂直边缘的 K = [[1.0, -1.0]]：应用 K.T，形状 (2, 1)"),
                      Mistake(lambda a: close(a, -expected), "the signs are flipped: use the transpose of "
                              "[[1.0, -1.0]], so white above black gives 1", "符号反了：用 [[1.0, -1.0]] 的转置，"
                              "上白下黑时输出 1"),
                  ])


# --- learn_kernel ----------------------------------------------------------------------------


@contextlib.contextmanager
def _watch_conv2d():
    """Every nn.Conv2d that runs: its weight before its first forward, and how many forwards it ran."""
    seen = {}

    def hook(module, args):
        if isinstance(module, nn.Conv2d):
            rec = seen.setdefault(id(module), {"start": module.weight.detach().clone(), "calls": 0})
            rec["calls"] += 1

    handle = torch.nn.modules.module.register_module_forward_pre_hook(hook)
    try:
        yield seen
    finally:
        handle.remove()


def _descend(X, Y, w0, num_epochs, lr, reduce="sum", zero_grad=True):
    """The book's loop on a (1, 2) kernel starting at w0."""
    w = w0.clone().requires_grad_()
    X, Y = X.reshape((1, 1) + X.shape), Y.reshape((1, 1) + Y.shape)
    for _ in range(num_epochs):
        getattr((F.conv2d(X, w) - Y) ** 2, reduce)().backward()
        with torch.no_grad():
            w -= lr * w.grad
        if zero_grad:
            w.grad.zero_()
    return w.detach()


def _learn_kernel(impl, X, Y, kwargs):
    __tracebackhide__ = True
    try:
        return impl.learn_kernel(X, Y, **kwargs)
    except TypeError as e:
        if "cannot assign" in str(e):
            fail(f"learn_kernel failed: conv2d.weight = ... rebinds the layer's weight to a plain tensor; "
                 f"update it in place, conv2d.weight.data[:] -= lr * conv2d.weight.grad ({original(e)})",
                 "learn_kernel 出错：conv2d.weight = ... 把层的权重重新绑定为普通张量；"
                 "应原地更新 conv2d.weight.data[:] -= lr * conv2d.weight.grad")
        raise
    except RuntimeError as e:
        if isinstance(e, NotImplementedError):
            raise
        if inplace_on_leaf(e):
            fail("learn_kernel changed conv2d.weight in place while autograd records: update "
                 "conv2d.weight.data[:] -= lr * conv2d.weight.grad, or do the -= under torch.no_grad()",
                 "learn_kernel 在自动求导记录时原地修改了 conv2d.weight：用 conv2d.weight.data[:] -= lr * "
                 "conv2d.weight.grad，或把 -= 放在 torch.no_grad() 里")
        if "Expected 3D (unbatched) or 4D (batched) input" in str(e):
            fail(f"learn_kernel failed: nn.Conv2d takes (batch, channels, height, width); "
                 f"X = X.reshape((1, 1) + X.shape) and the same for Y ({original(e)})",
                 "learn_kernel 出错：nn.Conv2d 的输入是（批量、通道、高、宽）；X = X.reshape((1, 1) + X.shape)，Y 同理")
        if "same device" in str(e) or "should be the same" in str(e):
            fail(f"create conv2d on X's device, nn.Conv2d(...).to(X.device) ({original(e)})",
                 "learn_kernel 出错：conv2d 要放到 X 的设备上，nn.Conv2d(...).to(X.device)")
        raise


@exercise("learn_kernel")
@pytest.mark.parametrize("case", ["book", "random"])
def test_learn_kernel(impl, device, case):
    if case == "book":  # d2l's 6 x 8 image, its edges, and the default 10 epochs at lr 3e-2
        X = torch.ones(6, 8, device=device)
        X[:, 2:6] = 0
        K, kwargs = torch.tensor([[1.0, -1.0]], device=device), {}
        num_epochs, lr = 10, 3e-2
    else:
        X = torch.rand(random.randint(3, 8), random.randint(4, 9), device=device).round()
        K = torch.randn(1, 2, device=device)
        # never the default 10 or lr 3e-2, so code that ignores the arguments cannot pass by luck
        num_epochs, lr = random.choice([3, 4, 5, 6, 7, 8, 9, 11, 12]), random.uniform(0.01, 0.025)
        kwargs = {"num_epochs": num_epochs, "lr": lr}
    Y = xcorr(X, K)
    X_before, Y_before = X.clone(), Y.clone()
    with _watch_conv2d() as seen:
        conv2d = _learn_kernel(impl, X, Y, kwargs)
    expect(isinstance(conv2d, nn.Conv2d), f"learn_kernel returned {type(conv2d).__name__}: return the trained "
           "layer, conv2d", f"learn_kernel 返回了 {type(conv2d).__name__}：应返回训练好的层 conv2d")
    expect(conv2d.bias is None, "conv2d has a bias: the book learns the kernel alone, "
           "nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)",
           "conv2d 带有偏置：书中只学习卷积核，nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)")
    expect(tuple(conv2d.weight.shape) == (1, 1, 1, 2), f"conv2d's weight has shape {fmt_shape(conv2d.weight.shape)}, "
           "expected (1, 1, 1, 2): nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)",
           f"conv2d 的 weight 形状为 {fmt_shape(conv2d.weight.shape)}，应为 (1, 1, 1, 2)")
    expect(torch.equal(X, X_before) and torch.equal(Y, Y_before), "learn_kernel changed the caller's X or Y: "
           "reshape them into new names (X.reshape(...) returns a new tensor)",
           "learn_kernel 修改了调用者的 X 或 Y：reshape 得到新张量，不要原地修改")
    rec = seen.get(id(conv2d))
    expect(rec is not None, "the returned conv2d never ran: train it, Y_hat = conv2d(X), and return that layer",
           "返回的 conv2d 从未运行过：用 Y_hat = conv2d(X) 训练它，并返回这个层")
    expect(rec["calls"] == num_epochs, f"conv2d ran {rec['calls']} times for num_epochs={num_epochs}: once per epoch",
           f"num_epochs={num_epochs} 时 conv2d 运行了 {rec['calls']} 次：应每轮一次")
    start, got = rec["start"], conv2d.weight.detach()
    expected = _descend(X, Y, start, num_epochs, lr)
    what = f"conv2d.weight after {num_epochs} epochs at lr {lr:.3g}"
    expect_tensor(got, expected, what, atol=1e-4, mistakes=[
        Mistake(lambda a: close(a, start), "the kernel never changed: w = w - lr * grad only rebinds a name; "
                "update the layer's own tensor in place, conv2d.weight.data[:] -= lr * conv2d.weight.grad",
                "卷积核从未改变：w = w - lr * grad 只是重新绑定了名字；应原地更新层自己的张量 "
                "conv2d.weight.data[:] -= lr * conv2d.weight.grad"),
        Mistake(lambda a: close(a, _descend(X, Y, start, num_epochs, lr, zero_grad=False), atol=1e-4),
                "gradients piled up across epochs: call conv2d.zero_grad() before l.sum().backward()",
                "梯度在各轮之间累加了：在 l.sum().backward() 之前调用 conv2d.zero_grad()"),
        Mistake(lambda a: close(a, _descend(X, Y, start, num_epochs, lr, reduce="mean"), atol=1e-4),
                "backward on l.mean(): the book sums the squared errors, l.sum().backward()",
                "对 l.mean() 反向传播了：书中对平方误差求和，l.sum().backward()"),
        Mistake(lambda a: lr != 3e-2 and close(a, _descend(X, Y, start, num_epochs, 3e-2), atol=1e-4),
                f"the kernel learned at the book's lr 3e-2, not at the lr={lr:.3g} passed in: a line `lr = 3e-2` "
                "inside learn_kernel overrides the argument; delete it and use the parameter lr",
                f"卷积核按书中的学习率 3e-2 学习，而不是传入的 lr={lr:.3g}：learn_kernel 里的 `lr = 3e-2` "
                "覆盖了参数；删掉这一行，直接用参数 lr"),
        Mistake(lambda a: close(a, _descend(X, Y, start, num_epochs, -lr), atol=1e-4),
                "the kernel went uphill: subtract lr * grad", "卷积核沿梯度上升了：应减去 lr * grad"),
    ])
