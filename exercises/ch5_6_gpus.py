"""d2l 5.6 GPUs (GPU).

Write each function below; its docstring shows the command that checks it.
The tests also pretend to have GPUs (or none), so these pass or fail the same on any machine.
测试会模拟有若干 GPU（或没有 GPU）的情形，因此在任何机器上结果都一样。
"""

import torch


def try_gpu(i=0):
    """Return torch.device(f'cuda:{i}') if GPU i exists, otherwise torch.device('cpu').

    GPU i exists when torch.cuda.device_count() >= i + 1. (On Apple silicon you may return
    torch.device('mps') for i=0 when there is no CUDA; optional.)
    如果第 i 个 GPU 存在就返回 cuda:i，否则返回 cpu。
    Check it: python grade.py try_gpu
    """
    # TODO
    raise NotImplementedError


def try_all_gpus():
    """Return [cuda:0, cuda:1, ...] for every GPU, or [torch.device('cpu')] when there is none.

    Never an empty list (d2l-en 1.0.3 has that bug): callers train on devices[0].
    返回所有 GPU；没有 GPU 时返回 [cpu]，绝不能是空列表。
    Check it: python grade.py try_all_gpus
    """
    # TODO
    raise NotImplementedError


def move_to(net, X, device):
    """Return (net, X) moved to device: the net's parameters and the data must end up on the same device.

    把网络和数据都移动到 device 上，返回 (net, X)。
    Check it: python grade.py move_to
    """
    # TODO: net.to(device), X.to(device) — the latter returns a new tensor
    raise NotImplementedError


def init_linreg_params(X, sigma=0.01):
    """Return (w, b) for linear regression on X: w (X.shape[1], 1) ~ N(0, sigma), b = zeros(1),
    both requiring grad, created on X's device with X's dtype. Hard-code no device.

    在 X 所在的设备上、以 X 的 dtype 创建 w 和 b（都要 requires_grad）；不要写死设备。
    Check it: python grade.py init_linreg_params
    """
    # TODO
    raise NotImplementedError
