"""simgpu, the simulated GPU (katas/simdevice.py): it fails where CUDA fails, works where CUDA works, leaks nothing."""

from __future__ import annotations

import io

import pytest
import torch
from torch import nn
from torch.overrides import _get_current_function_mode_stack
from torch.utils._python_dispatch import _get_current_dispatch_mode_stack

from katas import devices
from katas.explain import kind
from katas.forbid import ForbiddenCall, forbidden
from katas.simdevice import NAME, SimTensor, simulated


def _mixes(fn):
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device") as e:
        fn()
    assert "meta and cpu" in str(e.value) and kind(e.value) == "device_mismatch"


def test_it_is_listed_beside_cpu_and_not_real():
    assert devices.available()[:2] == ("cpu", NAME)
    assert not devices.real(NAME) and devices.real("cpu")
    assert NAME in devices.describe(torch.device("meta")) and devices.describe("cpu") == "cpu"


def test_mixing_with_a_cpu_tensor_fails_as_on_cuda():
    with simulated() as dev:
        x = torch.randn(3, 4, device=dev)
        _mixes(lambda: x + torch.ones(3, 4))
        _mixes(lambda: torch.ones(2, 4) @ x.T)
        _mixes(lambda: torch.cat([x, torch.ones(1, 4)]))
        _mixes(lambda: torch.eye(4)[x.argmax(1)])  # a CPU tensor indexed by device indices
        assert torch.equal((x + torch.tensor(2.0)).cpu(), x.cpu() + 2)  # a 0-d CPU tensor is a scalar, as in CUDA
        rows, cols = torch.arange(3), torch.tensor([0, 2, 1])
        assert torch.equal(x[rows, cols].cpu(), x.cpu()[rows, cols])  # CPU indices are allowed, as in CUDA
        assert torch.equal(x[range(3), [0, 2, 1]].cpu(), x.cpu()[rows, cols])


def test_tensors_made_on_it_compute_like_the_cpu():
    with simulated() as dev:
        made = [torch.zeros(2, 3, device=dev), torch.randn(4, device=dev), torch.tensor([1.0, 2.0], device=dev),
                torch.arange(5, device=dev), torch.ones(3).to(dev), torch.ones(3).to("meta")]
        made.append(torch.zeros_like(made[0]))
        assert all(isinstance(t, SimTensor) and t.device == torch.device("meta") == dev for t in made)
        x = torch.randn(5, 3)
        on = x.to(dev)
        assert torch.equal((on.exp() @ on.T).sum(1).cpu(), (x.exp() @ x.T).sum(1))
        assert float(on[0, 0]) == float(x[0, 0]) and on.sum().item() == x.sum().item()
        assert on.cpu().numpy().shape == (5, 3) and on.tolist() == x.tolist()
        assert type(on.cpu()) is torch.Tensor and on.cpu().device.type == "cpu"
        with pytest.raises(TypeError, match="Use Tensor.cpu()"):
            on.numpy()
        assert "device='meta'" in repr(on) and NAME in repr(on)
        assert f"{on.sum():.3f}" == f"{x.sum():.3f}"  # d2l prints losses so
        w = torch.zeros(3, 4, device=dev)
        nn.init.trunc_normal_(w)  # skipped for tensors that say is_meta: this one has data
        assert w.abs().sum().item() > 0


def test_autograd_modules_optimizers_and_state_dicts_work():
    with simulated() as dev:
        net = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2))
        weight = net[0].weight
        opt = torch.optim.SGD(net.parameters(), lr=0.1)  # made before .to: it must still hold the parameters
        net.to(dev)
        assert net[0].weight is weight and isinstance(weight, nn.Parameter) and weight.device == dev
        assert next(net.parameters()).device == dev and net[1].running_mean.device == dev
        before = weight.detach().cpu().clone()
        X = torch.randn(8, 4, device=dev)
        net(X).sum().backward()
        assert weight.grad.device == dev
        opt.step()
        assert not torch.equal(weight.detach().cpu(), before)
        assert net[1].running_mean.abs().sum().item() > 0  # BatchNorm's moving statistics updated on the device
        _mixes(lambda: net(torch.randn(8, 4)))  # a batch left on the CPU
        buf = io.BytesIO()
        torch.save(net.state_dict(), buf)
        buf.seek(0)
        state = torch.load(buf)  # weights_only, torch's default
        assert state["0.weight"].device == dev
        other = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2)).to(dev)
        other.load_state_dict(state)
        assert torch.equal(other[0].weight.detach().cpu(), weight.detach().cpu())
        cpu_net = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2))
        cpu_net.load_state_dict(net.state_dict())  # copies across devices, as from a GPU
        assert torch.equal(cpu_net[0].weight.detach(), weight.detach().cpu())


def test_in_place_updates_keep_the_tensor_and_its_memory():
    with simulated() as dev:
        w = torch.randn(3, 1, device=dev, requires_grad=True)
        ptr = w.data_ptr()
        (w ** 2).sum().backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        w.grad.zero_()
        assert isinstance(w, SimTensor) and w.data_ptr() == ptr and w.grad.abs().sum().item() == 0


def test_the_from_scratch_guard_still_holds_inside():
    with simulated() as dev:
        x = torch.randn(2, 3, device=dev)
        with forbidden(("softmax",), "softmax"):
            assert (x.exp() / x.exp().sum(1, keepdim=True)).device == dev
        with pytest.raises(ForbiddenCall), forbidden(("softmax",), "softmax"):  # a caught refusal counts at the end
            torch.softmax(x, 1)
        assert torch.softmax(x, 1).device == dev


def test_nothing_is_left_behind_even_when_the_code_inside_raises():
    modes = len(_get_current_dispatch_mode_stack()), len(_get_current_function_mode_stack())
    with pytest.raises(ZeroDivisionError), simulated():
        raise ZeroDivisionError
    assert (len(_get_current_dispatch_mode_stack()), len(_get_current_function_mode_stack())) == modes
    t = torch.zeros(2, device="meta")
    assert type(t) is torch.Tensor and t.device.type == "meta"  # outside, meta is torch's own again
