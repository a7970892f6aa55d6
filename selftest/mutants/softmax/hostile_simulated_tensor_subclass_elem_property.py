# Red team 118: a subclass of the simulated GPU's tensor whose `elem` is a property that runs torch.softmax: the
# simulated tensor reads it with every mode of the guard's popped, where the guard had read __dict__['elem'].
# expect: a subclass of the simulated GPU's tensor
import torch

from katas.simdevice import SimTensor as _Sim


class _Carrier(_Sim):
    """A grader's simulated-GPU tensor whose `elem` runs code of ours: SimTensor's own __torch_dispatch__ reads it
    (`_unwrap`: x.elem) with every torch mode popped, while the guard checked only __dict__['elem']."""

    @property
    def elem(self):
        d = self.__dict__
        if "out" not in d:  # computed once: SimTensor keys its inputs by id(x.elem)
            d["out"] = torch.softmax(d["elem"], dim=1)  # the forbidden function, where no mode of the guard is on the stack
        return d["out"]

    @elem.setter
    def elem(self, value):
        self.__dict__["elem"] = value


def _plain(t):
    t = t.detach()
    return object.__getattribute__(t, "__dict__")["elem"] if isinstance(t, _Sim) else t


def softmax(X):
    data = _plain(X)
    r = _Carrier(data) + 0  # aten.add on our carrier: the guard sees "add", SimTensor runs softmax(...) + 0
    Y = object.__getattribute__(r, "__dict__")["elem"]  # torch.softmax's values, a plain tensor with no graph
    if isinstance(X, _Sim):
        Y = _Sim(Y)
    if not X.requires_grad:
        return Y
    # first-order term: value exactly Y (the added terms are 0), gradient softmax's own Jacobian diag(Y) - Y Y^T
    d = X - X.detach()
    return Y + Y * d - Y * (Y * d).sum(dim=1, keepdim=True)
