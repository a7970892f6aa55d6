# Red team 124: a subclass of the simulated GPU's tensor whose `elem` is a property, brought to the dispatcher as the
# forward-mode tangent of a plain tensor made at import: no torch function sees it, and simgpu read x.elem (running
# torch.softmax) inside the dispatch guard, where both modes were popped. Only SimTensor itself, by identity, passes.
# expect: tensor subclass with its own __torch_dispatch__
import torch
import torch.autograd.forward_ad as _fwAD

from katas.simdevice import SimTensor as _ST

_STASH = {}


class _Sim(_ST):
    @property
    def elem(self):
        X = _STASH.pop("X", None)
        if X is not None:
            _STASH["S"] = torch.softmax(X.detach(), dim=1)
        return object.__getattribute__(self, "__dict__")["elem"]

    @elem.setter
    def elem(self, v):
        object.__getattribute__(self, "__dict__")["elem"] = v


_LEVEL = _fwAD.enter_dual_level()
with torch._C._DisableTorchDispatch():
    _DUAL = torch._make_dual(torch.zeros(1), _Sim(torch.ones(1)), level=_LEVEL)


def softmax(X):
    _STASH["X"] = X
    _DUAL.sum()  # the tangent's sum dispatches on _Sim
    S = _STASH.pop("S")
    L = X - X.detach()  # zero, with the identity as its Jacobian: softmax's own Jacobian from mul and sum
    return S + S * (L - (S * L).sum(dim=1, keepdim=True))
