"""d2l 5.6 GPUs (GPU)."""

import torch


def try_gpu(i=0):
    """cuda:i if that GPU exists, else mps (Apple silicon) when asked for the first device, else cpu."""
    if torch.cuda.device_count() >= i + 1:  # device_count, not is_available: cuda:i needs i + 1 GPUs
        return torch.device(f"cuda:{i}")
    mps = getattr(torch.backends, "mps", None)
    if i == 0 and torch.cuda.device_count() == 0 and mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def try_all_gpus():
    """Every cuda device, or [cpu] when there is none (d2l-en 1.0.3 returns [] here: nothing to train on)."""
    devices = [torch.device(f"cuda:{i}") for i in range(torch.cuda.device_count())]
    return devices if devices else [torch.device("cpu")]


def move_to(net, X, device):
    """(net, X) on device: Module.to moves the parameters in place, Tensor.to returns a new tensor."""
    return net.to(device), X.to(device)


def init_linreg_params(X, sigma=0.01):
    """w (X.shape[1], 1) ~ N(0, sigma) and b = zeros(1), on X's device and dtype, requiring grad."""
    w = torch.normal(0, sigma, (X.shape[1], 1), device=X.device, dtype=X.dtype, requires_grad=True)
    b = torch.zeros(1, device=X.device, dtype=X.dtype, requires_grad=True)  # created where the data is
    return w, b
