# Red team 124: as hostile_simtensor_subclass_tangent_property, but the code runs in a metaclass's __getattribute__,
# which the dispatch guard ran when it read the class's __torch_dispatch__ (with both modes popped). No attribute of
# an op's types is read now: any but SimTensor itself is refused.
# expect: tensor subclass with its own __torch_dispatch__
import torch
import torch.autograd.forward_ad as _fwAD

from katas.simdevice import SimTensor as _ST

_STASH = {}


class _Meta(type(_ST)):
    def __getattribute__(cls, name):
        if name == "__torch_dispatch__":
            X = _STASH.pop("X", None)
            if X is not None:
                _STASH["S"] = torch.softmax(X.detach(), dim=1)
        return type.__getattribute__(cls, name)


class _Sim(_ST, metaclass=_Meta):
    pass


_LEVEL = _fwAD.enter_dual_level()
with torch._C._DisableTorchDispatch():
    _DUAL = torch._make_dual(torch.zeros(1), _Sim(torch.ones(1)), level=_LEVEL)


def softmax(X):
    _STASH["X"] = X
    _DUAL.sum()
    S = _STASH.pop("S")
    L = X - X.detach()
    return S + S * (L - (S * L).sum(dim=1, keepdim=True))
