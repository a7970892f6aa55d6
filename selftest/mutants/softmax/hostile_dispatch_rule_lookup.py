# Red team 95: at import, torch._library's registry lookup, which torch runs for every op a Python dispatch mode
# handles (every op on a simgpu tensor, the test's own after the call), set to fill the zeros softmax returned with
# torch.softmax.
# alone: set at import, it is there in every exercise of its file
# expect: simple_registry
import torch._library.simple_registry as _sr

_pending = []
_real_find = _sr.SimpleLibraryRegistry.find


def _find(self, qualname):
    while _pending:
        x, out = _pending.pop(0)
        out.copy_(torch.softmax(x, dim=1))
    return _real_find(self, qualname)


_sr.SimpleLibraryRegistry.find = _find


def softmax(X):
    out = X * 0
    _pending.append((X.detach(), out.detach()))
    return out
