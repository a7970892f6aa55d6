# guard4: a kernel of its own for an allowed aten op (aten::sinc on CPU, torch.library IMPL), which runs F.conv2d
# below the guard's modes.
# alone: made at import, it reaches every exercise of its file
# expect: registered with torch.library
import torch
from torch.nn import functional as F

_K = []
_lib = torch.library.Library("aten", "IMPL")
_lib.impl("sinc", lambda X: F.conv2d(X[None, None], _K[0][None, None])[0, 0], "CPU")


def corr2d(X, K):
    _K[:] = [K]
    return torch.sinc(X)
