# Red team 68: CPython's _testcapi, loaded, starts C threads no guard knows of (and runs code later, and reaches C):
# a from-scratch call made while it is loaded is refused, named.
# alone: _testcapi, imported at the top, is named in every guarded call of the file
# expect: with _testcapi loaded
import _testcapi
import torch
from torch.nn import functional as F


def corr2d(X, K):
    box = {}
    _testcapi.call_in_temporary_c_thread(lambda: box.setdefault("y", F.conv2d(X[None, None], K[None, None])[0, 0]))
    return box["y"]
