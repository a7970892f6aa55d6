# alone
# Red team 13: a function mode of its own, entered at import, beneath the grader's, that pops the grader's dispatch
# mode for one nested call and runs F.conv2d there.
# expect: beneath a torch mode of its own
import torch.nn.functional as _F
from torch.overrides import TorchFunctionMode as _TFM
from torch.utils._python_dispatch import _pop_mode_temporarily

_job = []


class _Below(_TFM):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        if _job and func is torch.zeros:
            X, K = _job.pop()
            with _pop_mode_temporarily():
                return _F.conv2d(X[None, None], K[None, None])[0, 0]
        return func(*args, **(kwargs or {}))


_Below().__enter__()


def corr2d(X, K):
    _job.append((X, K))
    return torch.zeros(())
