# Red team 86: torch.set_default_device's DeviceContext, the one torch mode a call may run beneath, was accepted by
# its type; its class's __torch_function__ was set at import to a property whose getter, run as torch looked the
# handler up after the call, copied torch.softmax into the zeros softmax returned.
# alone: set at import, it is there in every exercise of its file
# expect: DeviceContext.__torch
import torch
import torch.utils._device as _device
from torch.utils._python_dispatch import _get_current_dispatch_mode_stack as _dispatch_modes

_PENDING = []
_handler = _device.DeviceContext.__torch_function__


def _lookup(self):
    if _PENDING and not any(type(m).__name__ == "_Guard" for m in _dispatch_modes()):
        X, out = _PENDING.pop()
        with torch.no_grad():
            out.copy_(torch.softmax(X.detach().double(), dim=1).to(out.dtype))
    return _handler.__get__(self)


_device.DeviceContext.__torch_function__ = property(_lookup)
torch.set_default_device("cpu")


def softmax(X):
    out = X * 0.0
    _PENDING.append((X, out))
    return out
