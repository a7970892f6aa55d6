"""Graded tests for d2l 5.6, GPUs.

A CPU-only machine still checks the GPU logic: `gpus(n)` makes torch report n CUDA devices,
and the "meta" device (shapes without data) stands in for a device other than the CPU.
On a machine with CUDA, the `device` fixture also runs the real variants.
"""

import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, expect, expect_tensor, fail
from katas.testkit import call, raised

exercise = pytest.mark.exercise
CPU = torch.device("cpu")


@pytest.fixture
def gpus(monkeypatch):
    """gpus(n, mps=False): from now on torch reports n CUDA devices (and whether mps is available)."""

    def pretend(n, mps=False):
        monkeypatch.setattr(torch.cuda, "device_count", lambda: n)
        monkeypatch.setattr(torch.cuda, "is_available", lambda: n > 0)
        if getattr(torch.backends, "mps", None) is not None:
            monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)

    return pretend


def _is_device(d, what):
    __tracebackhide__ = True
    if isinstance(d, str):
        fail(f"return torch.device({d!r}), not the string {d!r}: {what} returned a str",
             f"要返回 torch.device({d!r})，而不是字符串 {d!r}：{what} 返回了 str")
    expect(isinstance(d, torch.device), f"{what} returned {d!r}, expected a torch.device",
           f"{what} 返回了 {d!r}，应返回 torch.device")


def _try_gpu(impl, *i):
    """impl.try_gpu(*i) (no argument: its default), naming a device string torch does not know."""
    __tracebackhide__ = True
    return call(f"try_gpu({', '.join(map(str, i))})", impl.try_gpu, *i, mistakes=[Mistake(
        raised(RuntimeError, "Invalid device string"),
        "write the device as f'cuda:{i}', with the colon",
        "设备要写成 f'cuda:{i}'，中间有冒号")])


# --- try_gpu ---------------------------------------------------------------------------------


@exercise("try_gpu")
def test_try_gpu_without_gpus_returns_cpu(impl, gpus):
    gpus(0)
    for i in (0, random.randint(1, 3)):
        d = _try_gpu(impl, i)
        _is_device(d, f"try_gpu({i}) with no GPU")
        if d.type == "cuda":
            fail("check torch.cuda.device_count() >= i + 1 and fall back to torch.device('cpu'): "
                 f"try_gpu({i}) returned {d} on a machine without a GPU",
                 f"要检查 torch.cuda.device_count() >= i + 1，否则返回 cpu：没有 GPU 时 try_gpu({i}) 返回了 {d}")
        expect(d == CPU, f"try_gpu({i}) with no GPU returned {d}, expected cpu",
               f"没有 GPU 时 try_gpu({i}) 返回 {d}，应为 cpu")


@exercise("try_gpu")
def test_try_gpu_with_gpus(impl, gpus):
    n = random.randint(2, 4)  # at least 2, so that some i > 0 is asked for
    gpus(n)
    for i in range(n):
        d = _try_gpu(impl, i)
        _is_device(d, f"try_gpu({i}) with {n} GPUs")
        if d == CPU and i == n - 1:
            fail(f"GPU i exists when torch.cuda.device_count() >= i + 1: try_gpu({i}) with {n} GPUs returned cpu, "
                 "an off-by-one check",
                 f"当 torch.cuda.device_count() >= i + 1 时第 i 个 GPU 存在：有 {n} 个 GPU 时 try_gpu({i}) "
                 "返回了 cpu，判断差了一")
        if d.type == "cuda" and d.index is None:
            fail(f"name the GPU with its index, torch.device(f'cuda:{{i}}'): try_gpu({i}) with {n} GPUs returned "
                 f"{d}, which means whichever GPU is current",
                 f"要带上编号：torch.device(f'cuda:{{i}}')；有 {n} 个 GPU 时 try_gpu({i}) 返回了 {d}，"
                 "它表示当前的 GPU")
        if d.type == "cuda" and d.index == 0 and i > 0:
            fail(f"use i, torch.device(f'cuda:{{i}}'): try_gpu({i}) with {n} GPUs returned {d}",
                 f"要用上 i：torch.device(f'cuda:{{i}}')；有 {n} 个 GPU 时 try_gpu({i}) 返回了 {d}")
        expect(d == torch.device(f"cuda:{i}"), f"try_gpu({i}) with {n} GPUs returned {d}, expected cuda:{i}",
               f"有 {n} 个 GPU 时 try_gpu({i}) 返回了 {d}，应为 cuda:{i}")
    d = _try_gpu(impl, n)
    _is_device(d, f"try_gpu({n}) with {n} GPUs")
    expect(d == CPU, f"try_gpu({n}) with only {n} GPU(s) returned {d}: cuda:{n} does not exist; GPU i exists "
           "only when torch.cuda.device_count() >= i + 1 (torch.cuda.is_available() says nothing about i)",
           f"只有 {n} 个 GPU 时 try_gpu({n}) 返回了 {d}：cuda:{n} 不存在；只有 torch.cuda.device_count() >= i + 1 "
           "时第 i 个 GPU 才存在")


@exercise("try_gpu")
def test_try_gpu_on_this_machine(impl, device):
    d = _try_gpu(impl)
    _is_device(d, "try_gpu()")
    if torch.cuda.is_available():
        expect(d == torch.device("cuda:0"), f"this machine has CUDA but try_gpu() returned {d}",
               f"这台机器有 CUDA，但 try_gpu() 返回了 {d}")
    else:
        expect(d.type in ("cpu", "mps"), f"this machine has no CUDA but try_gpu() returned {d}",
               f"这台机器没有 CUDA，但 try_gpu() 返回了 {d}")
    if d.type == device.type:
        expect_tensor(torch.ones(2, 3, device=d) * 2, torch.full((2, 3), 2.0, device=device), "a tensor on try_gpu()")


# --- try_all_gpus ----------------------------------------------------------------------------


@exercise("try_all_gpus")
def test_try_all_gpus_without_gpus(impl, gpus):
    gpus(0)
    ds = impl.try_all_gpus()
    if isinstance(ds, int):
        fail(f"return the devices, not how many there are: try_all_gpus() returned {ds}; with no GPU, "
             "return [torch.device('cpu')]",
             f"要返回设备本身，而不是个数：try_all_gpus() 返回了 {ds}；没有 GPU 时返回 [torch.device('cpu')]")
    if isinstance(ds, torch.device):
        fail(f"return a list, [torch.device('cpu')]: try_all_gpus() returned the device {ds} itself",
             f"要返回列表 [torch.device('cpu')]：try_all_gpus() 返回的是设备 {ds} 本身")
    if isinstance(ds, (list, tuple)) and len(ds) == 0:
        fail("return [torch.device('cpu')] when there is no GPU: try_all_gpus returned [], which leaves the caller "
             "no device to train on (the d2l-en 1.0.3 bug)",
             "没有 GPU 时要返回 [torch.device('cpu')]：try_all_gpus 返回了 []，调用者就没有设备可用"
             "（d2l-en 1.0.3 的 bug）")
    expect(list(ds) == [CPU], f"try_all_gpus() with no GPU returned {ds!r}, expected [device(type='cpu')]",
           f"没有 GPU 时 try_all_gpus() 返回 {ds!r}，应为 [device(type='cpu')]")


@exercise("try_all_gpus")
def test_try_all_gpus_lists_every_gpu(impl, gpus):
    n = random.randint(1, 5)
    gpus(n)
    ds = impl.try_all_gpus()
    want = [torch.device(f"cuda:{i}") for i in range(n)]
    if isinstance(ds, list) and ds in (want[:-1] or [CPU], want[1:] or [CPU]):
        fail(f"list cuda:i for i in range(torch.cuda.device_count()), 0 to n - 1: with {n} GPUs try_all_gpus() "
             f"returned {ds}, one short",
             f"要列出 range(torch.cuda.device_count()) 中每个 i 的 cuda:i（从 0 到 n - 1）：有 {n} 个 GPU 时 "
             f"try_all_gpus() 返回 {ds}，少了一个")
    expect(isinstance(ds, list) and ds == want, f"try_all_gpus() with {n} GPUs returned {ds!r}, expected {want}",
           f"有 {n} 个 GPU 时 try_all_gpus() 返回 {ds!r}，应为 {want}")


@exercise("try_all_gpus")
def test_try_all_gpus_on_this_machine(impl):
    ds = impl.try_all_gpus()
    n = torch.cuda.device_count()
    want = [torch.device(f"cuda:{i}") for i in range(n)] or [CPU]
    expect(list(ds) == want, f"try_all_gpus() on this machine returned {ds!r}, expected {want}",
           f"在这台机器上 try_all_gpus() 返回 {ds!r}，应为 {want}")


# --- move_to ---------------------------------------------------------------------------------


def _check_move(impl, device):
    d, h = random.randint(2, 8), random.randint(2, 8)
    net, X = nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Linear(h, 1)), torch.randn(random.randint(1, 5), d)
    out = call(f"move_to(net, X, {device})", impl.move_to, net, X, device, mistakes=[Mistake(
        lambda e: "CUDA" in str(e) or "NVIDIA" in str(e),
        "move to the given device, net.to(device) and X.to(device): .cuda() always means a GPU",
        "要移动到给定的设备：net.to(device) 和 X.to(device)；.cuda() 总是指 GPU")])
    expect(isinstance(out, tuple) and len(out) == 2, f"move_to should return (net, X), got {out!r:.60}",
           f"move_to 应返回 (net, X)，实际为 {out!r:.60}")
    if torch.is_tensor(out[0]) and isinstance(out[1], nn.Module):
        fail("return (net, X) in that order: move_to returned (X, net)",
             "要按 (net, X) 的顺序返回：move_to 返回了 (X, net)")
    net2, X2 = out
    if X2.device.type == "cuda" != device.type:
        fail(f"move to the given device, X.to(device): move_to returned X on {X2.device}, not {device} "
             "(.cuda() always means a GPU)",
             f"要移动到给定的设备 X.to(device)：move_to 返回的 X 在 {X2.device} 上，而不是 {device}"
             "（.cuda() 总是指 GPU）")
    where = {p.device.type for p in net2.parameters()}
    expect(where == {device.type}, f"after move_to(net, X, {device}) the net's parameters are on {sorted(where)}: "
           "net.to(device)", f"move_to(net, X, {device}) 之后网络参数在 {sorted(where)} 上：net.to(device)")
    if X2.device.type != device.type:
        fail(f"return the moved tensor, X = X.to(device): X.to(device) returns a new tensor and leaves X where it "
             f"was, so move_to returned X on {X2.device}, not {device}",
             f"要返回移动后的张量：X = X.to(device)；X.to(device) 返回新张量，X 本身不动，"
             f"所以 move_to 返回的 X 在 {X2.device} 上而不是 {device}")
    if device.type != "meta":  # meta tensors have shapes but no values to compare
        expect_tensor(X2, X.to(device), "X after move_to")
    return net2(X2)


@exercise("move_to")
def test_move_to(impl, device):
    out = _check_move(impl, device)
    expect(out.device.type == device.type, "the moved net computed off the device", "移动后的网络不在该设备上计算")


@exercise("move_to")
def test_move_to_another_device(impl):
    """meta: a device without data, so a CPU-only machine still sees whether net and X really move."""
    _check_move(impl, torch.device("meta"))


# --- init_linreg_params ----------------------------------------------------------------------


def _check_params(impl, X, sigma):
    out = impl.init_linreg_params(X, sigma)
    expect(isinstance(out, tuple) and len(out) == 2, f"init_linreg_params should return (w, b), got {out!r:.60}",
           f"init_linreg_params 应返回 (w, b)，实际为 {out!r:.60}")
    for t, name, shape in ((out[0], "w", (X.shape[1], 1)), (out[1], "b", (1,))):
        if name == "w" and torch.is_tensor(t) and tuple(t.shape) == (X.shape[1],):
            fail(f"make w a column of shape {shape}, as d2l's: a ({X.shape[1]},) vector makes X @ w a vector, "
                 "which then broadcasts against y of shape (n, 1)",
                 f"w 要是形状为 {shape} 的列向量，与 d2l 一致：({X.shape[1]},) 的向量会让 X @ w 成为向量，"
                 "再与形状为 (n, 1) 的 y 广播出错")
        expect(torch.is_tensor(t) and tuple(t.shape) == shape, f"{name} should be a tensor of shape {shape}",
               f"{name} 应是形状为 {shape} 的张量")
        if t.device.type != X.device.type:
            fail(f"create {name} with device=X.device: it was created on {t.device} but X is on {X.device} "
                 "(a hard-coded device)",
                 f"创建 {name} 时传入 device=X.device：它建在 {t.device} 上而 X 在 {X.device} 上（设备被写死了）")
        expect(t.dtype == X.dtype, f"pass dtype=X.dtype: {name} has dtype {t.dtype} but X has {X.dtype}",
               f"请传入 dtype=X.dtype：{name} 的 dtype 是 {t.dtype}，而 X 是 {X.dtype}")
        if t.requires_grad and not t.is_leaf:
            if "ToCopy" in type(t.grad_fn).__name__:
                fail(f"create {name} on X's device, device=X.device: .to(X.device) after requires_grad=True made a "
                     "copy that is no leaf, and gets no .grad",
                     f"直接在 X 的设备上创建 {name}（device=X.device）：在 requires_grad=True 之后再 .to(X.device) "
                     "得到的副本不是叶子，没有 .grad")
            fail(f"make {name} a leaf: a tensor made with requires_grad=True and then scaled is a computed tensor "
                 "with no .grad; use torch.normal(0, sigma, ..., requires_grad=True), or scale first and then "
                 ".requires_grad_()",
                 f"{name} 要是叶子张量：先 requires_grad=True 再相乘得到的是计算结果，没有 .grad；"
                 "请用 torch.normal(0, sigma, ..., requires_grad=True)，或先相乘再 .requires_grad_()")
        expect(t.requires_grad, f"{name} should be a leaf tensor with requires_grad=True",
               f"{name} 应是 requires_grad=True 的叶子张量")
    return out


@exercise("init_linreg_params")
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_init_linreg_params_on_the_data_device(impl, device, dtype):
    if device.type == "mps" and dtype == torch.float64:
        pytest.skip("mps has no float64")
    X = torch.randn(random.randint(2, 6), random.randint(2000, 3000), device=device, dtype=dtype)
    sigma = random.choice([0.003, 0.03, 0.1, 0.3])  # never d2l's 0.01, so a hard-coded one shows
    w, b = _check_params(impl, X, sigma)
    std, mean = float(w.detach().std()), float(w.detach().mean())
    if abs(std - 0.01) < 0.001:
        fail(f"use the argument sigma, torch.normal(0, sigma, ...): w's std is 0.01, d2l's value, but sigma={sigma}",
             f"要使用参数 sigma：torch.normal(0, sigma, ...)；w 的标准差是 d2l 的 0.01，而 sigma={sigma}")
    expect(abs(std - sigma) < 0.1 * sigma and abs(mean) < 0.1 * sigma,
           f"w should be drawn from N(0, sigma={sigma}); its std is {std:.4g} and its mean {mean:.4g}",
           f"w 应服从 N(0, sigma={sigma})；实际标准差为 {std:.4g}、均值为 {mean:.4g}")
    expect(not b.detach().any(), "b should start at zero", "b 的初值应为零")


@exercise("init_linreg_params")
def test_init_linreg_params_on_another_device(impl):
    """meta stands in for a GPU: a tensor created without device=X.device lands on the CPU instead."""
    _check_params(impl, torch.empty(random.randint(2, 6), random.randint(2, 9), device="meta"), 0.01)
