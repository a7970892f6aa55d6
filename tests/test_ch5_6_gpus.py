"""Graded tests for d2l 5.6, GPUs.

A CPU-only machine still checks the GPU logic: `gpus(n)` makes torch report n CUDA devices,
and the "meta" device (shapes without data) stands in for a device other than the CPU.
On a machine with CUDA, the `device` fixture also runs the real variants.
"""

import random

import pytest
import torch
from torch import nn

from katas.checks import expect, expect_tensor, fail

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
    expect(isinstance(d, torch.device), f"{what} returned {d!r}, expected a torch.device",
           f"{what} 返回了 {d!r}，应返回 torch.device")


# --- try_gpu ---------------------------------------------------------------------------------


@exercise("try_gpu")
def test_try_gpu_without_gpus_returns_cpu(impl, gpus):
    gpus(0)
    for i in (0, random.randint(1, 3)):
        d = impl.try_gpu(i)
        _is_device(d, f"try_gpu({i}) with no GPU")
        if d.type == "cuda":
            fail(f"try_gpu({i}) returned {d} on a machine without a GPU: try_gpu returning cuda without a GPU; "
                 "check torch.cuda.device_count() >= i + 1 and fall back to torch.device('cpu')",
                 f"没有 GPU 时 try_gpu({i}) 返回了 {d}：要检查 torch.cuda.device_count() >= i + 1，否则返回 cpu")
        expect(d == CPU, f"try_gpu({i}) with no GPU returned {d}, expected cpu",
               f"没有 GPU 时 try_gpu({i}) 返回 {d}，应为 cpu")


@exercise("try_gpu")
def test_try_gpu_with_gpus(impl, gpus):
    n = random.randint(1, 4)
    gpus(n)
    for i in range(n):
        d = impl.try_gpu(i)
        _is_device(d, f"try_gpu({i}) with {n} GPUs")
        expect(d == torch.device(f"cuda:{i}"), f"try_gpu({i}) with {n} GPUs returned {d}, expected cuda:{i}",
               f"有 {n} 个 GPU 时 try_gpu({i}) 返回了 {d}，应为 cuda:{i}")
    d = impl.try_gpu(n)
    _is_device(d, f"try_gpu({n}) with {n} GPUs")
    expect(d == CPU, f"try_gpu({n}) with only {n} GPU(s) returned {d}: cuda:{n} does not exist; GPU i exists "
           "only when torch.cuda.device_count() >= i + 1 (torch.cuda.is_available() says nothing about i)",
           f"只有 {n} 个 GPU 时 try_gpu({n}) 返回了 {d}：cuda:{n} 不存在；只有 torch.cuda.device_count() >= i + 1 "
           "时第 i 个 GPU 才存在")


@exercise("try_gpu")
def test_try_gpu_on_this_machine(impl, device):
    d = impl.try_gpu()
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
    if isinstance(ds, (list, tuple)) and len(ds) == 0:
        fail("try_all_gpus returning [] on a machine without GPUs: return [torch.device('cpu')], or the caller "
             "has no device to train on (the d2l-en 1.0.3 bug)",
             "没有 GPU 时 try_all_gpus 返回了 []：应返回 [torch.device('cpu')]，否则调用者没有设备可用")
    expect(list(ds) == [CPU], f"try_all_gpus() with no GPU returned {ds!r}, expected [device(type='cpu')]",
           f"没有 GPU 时 try_all_gpus() 返回 {ds!r}，应为 [device(type='cpu')]")


@exercise("try_all_gpus")
def test_try_all_gpus_lists_every_gpu(impl, gpus):
    n = random.randint(1, 5)
    gpus(n)
    ds = impl.try_all_gpus()
    want = [torch.device(f"cuda:{i}") for i in range(n)]
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
    out = impl.move_to(net, X, device)
    expect(isinstance(out, tuple) and len(out) == 2, f"move_to should return (net, X), got {out!r:.60}",
           f"move_to 应返回 (net, X)，实际为 {out!r:.60}")
    net2, X2 = out
    where = {p.device.type for p in net2.parameters()}
    expect(where == {device.type}, f"after move_to(net, X, {device}) the net's parameters are on {sorted(where)}: "
           "net.to(device)", f"move_to(net, X, {device}) 之后网络参数在 {sorted(where)} 上：net.to(device)")
    if X2.device.type != device.type:
        fail(f"move_to returned X on {X2.device}, not {device}: X.to(device) returns a new tensor and leaves X "
             "where it was; return that new tensor",
             f"move_to 返回的 X 在 {X2.device} 上而不是 {device}：X.to(device) 返回新张量，X 本身不动；要返回新张量")
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


def _check_params(impl, X):
    out = impl.init_linreg_params(X, 0.01)
    expect(isinstance(out, tuple) and len(out) == 2, f"init_linreg_params should return (w, b), got {out!r:.60}",
           f"init_linreg_params 应返回 (w, b)，实际为 {out!r:.60}")
    for t, name, shape in ((out[0], "w", (X.shape[1], 1)), (out[1], "b", (1,))):
        expect(torch.is_tensor(t) and tuple(t.shape) == shape, f"{name} should be a tensor of shape {shape}",
               f"{name} 应是形状为 {shape} 的张量")
        if t.device.type != X.device.type:
            fail(f"{name} was created on {t.device} but X is on {X.device}: a hard-coded device; "
                 f"create {name} with device=X.device",
                 f"{name} 建在 {t.device} 上而 X 在 {X.device} 上：设备被写死了；创建时传入 device=X.device")
        expect(t.dtype == X.dtype, f"{name} has dtype {t.dtype} but X has {X.dtype}: pass dtype=X.dtype",
               f"{name} 的 dtype 是 {t.dtype}，而 X 是 {X.dtype}：请传入 dtype=X.dtype")
        expect(t.requires_grad and t.is_leaf, f"{name} should be a leaf tensor with requires_grad=True",
               f"{name} 应是 requires_grad=True 的叶子张量")
    return out


@exercise("init_linreg_params")
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_init_linreg_params_on_the_data_device(impl, device, dtype):
    if device.type == "mps" and dtype == torch.float64:
        pytest.skip("mps has no float64")
    X = torch.randn(random.randint(2, 6), random.randint(2000, 3000), device=device, dtype=dtype)
    w, b = _check_params(impl, X)
    expect(abs(float(w.detach().std()) - 0.01) < 0.001 and abs(float(w.detach().mean())) < 0.001,
           f"w should be drawn from N(0, 0.01); its std is {float(w.detach().std()):.4g}",
           f"w 应服从 N(0, 0.01)；实际标准差为 {float(w.detach().std()):.4g}")
    expect(not b.detach().any(), "b should start at zero", "b 的初值应为零")


@exercise("init_linreg_params")
def test_init_linreg_params_on_another_device(impl):
    """meta stands in for a GPU: a tensor created without device=X.device lands on the CPU instead."""
    _check_params(impl, torch.empty(random.randint(2, 6), random.randint(2, 9), device="meta"))
