# Red team 107: a functional wrapper (torch._to_functional_tensor) over memory torch did not allocate, made at import:
# the wrapper's own storage is torch's and resizable, whatever its inside points at (red team 107 swapped it, at no op,
# for a block torch had freed, where the test's own torch.softmax then landed). Here the inside is a ctypes buffer.
# alone: made at import for every shape
# expect: memory torch did not allocate
import ctypes

import torch

_BUFFER = ctypes.create_string_buffer(4 * 41 * 41)
_STORAGE = torch._C._construct_storage_from_data_pointer(ctypes.addressof(_BUFFER), torch.device("cpu"), 4 * 41 * 41)
_WRAPPED = {}
for _n in range(1, 41):
    for _q in range(1, 41):
        _inner = torch.empty(0).set_(_STORAGE, 0, (_n, _q), (_q, 1))
        _WRAPPED[_n, _q] = (_inner, torch._to_functional_tensor(_inner))


def softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    out = X_exp / X_exp.sum(dim=1, keepdim=True)
    if X.device.type != "cpu" or type(X) is not torch.Tensor or tuple(X.shape) not in _WRAPPED:
        return out
    inner, wrapped = _WRAPPED[tuple(X.shape)]
    inner.copy_(out.detach())
    return wrapped.requires_grad_(X.requires_grad)
