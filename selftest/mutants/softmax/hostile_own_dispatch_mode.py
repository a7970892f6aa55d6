# alone
# Red team 13: a dispatch mode of its own, entered at import, beneath the grader's: every op the check lets through
# reaches it, and the F.softmax it runs there is seen by no check. Nothing is switched off.
# expect: beneath a torch mode of its own
import torch.nn.functional as _F
from torch.utils._python_dispatch import TorchDispatchMode as _TDM

_want = []


class _Below(_TDM):
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        if _want and func is torch.ops.aten.exp.default:
            _want.pop()
            return _F.softmax(args[0], dim=1)
        return func(*args, **(kwargs or {}))


_Below().__enter__()


def softmax(X):
    _want.append(1)
    return torch.exp(X)
