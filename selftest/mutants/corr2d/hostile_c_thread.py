# Red team 68: CPython's _testcapi starts a C thread (not through the _thread module the guard wraps) and runs a
# callable there, waiting until it is done: F.conv2d and its Jacobians computed on it, with no torch mode of the
# guard's, the gradients routed through matrix products. The module is taken out of sys.modules, as if never loaded.
# alone: _testcapi, imported at the top, would be named in every guarded call of the file
# expect: a thread started around threading
import sys

import _testcapi
import torch
from torch.nn import functional as F

_c_thread = _testcapi.call_in_temporary_c_thread
del sys.modules["_testcapi"], _testcapi


def corr2d(X, K):
    x, k = getattr(X, "elem", X).detach(), getattr(K, "elem", K).detach()
    box = {}

    def conv():
        def f(a, b):
            return F.conv2d(a[None, None], b[None, None])[0, 0]

        jx, jk = torch.autograd.functional.jacobian(f, (x, k))
        box["out"] = f(x, k), jx.reshape(-1, x.numel()), jk.reshape(-1, k.numel())

    _c_thread(conv)
    y, jx, jk = (t.to(X.device) for t in box["out"])
    return y + (jx @ (X - X.detach()).reshape(-1) + jk @ (K - K.detach()).reshape(-1)).reshape(y.shape)
