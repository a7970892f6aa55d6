# Red team 121: a wrong result (zeros) whose simulated GPU tensor holds, in place of its data, an object whose
# __torch_function__ gives torch.softmax to the test's comparison, after the from-scratch check.
# expect: what a simulated GPU tensor holds
import torch

from torch.utils._pytree import tree_map as _tm


class _Late:
    """Not a tensor: an object whose __torch_function__ torch runs when an aten op meets it. Put inside the
    grader's simulated-GPU tensor, it is reached only by the test's own ops after the call."""

    src = None

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        u = lambda x: torch.softmax(x.src, dim=1) if isinstance(x, _Late) else x
        return func(*_tm(u, args), **_tm(u, kwargs or {}))


_LATE = _Late()


def softmax(X):
    if type(X).__name__ == "SimTensor":          # the grader's simulated GPU tensor
        out = X * 0                               # WRONG answer: all zeros, computed here
        inner = object.__getattribute__(X, "__dict__")["elem"]
        _LATE.src = inner
        object.__getattribute__(out, "__dict__")["elem"] = _LATE
        return out
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(dim=1, keepdim=True)
