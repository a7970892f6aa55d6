# Red team 130: a function's file name made a str subclass (code.replace(co_filename=...)) whose __hash__ ran
# torch.softmax: the guard hashed it in a cache while it walked the frames of an op, in its own handler, both modes
# popped. A name of another kind than str is no file, and a code object with one is never hashed.
# (the name's hash never runs now: the file falls back to a classic mistake, named)
# expect: the denominator sums the scores, not their exponentials
import types

import torch

_BOX = {}


class _Name(str):
    def __hash__(self):
        f = _BOX.pop("f", None)
        if f is not None:
            with torch._C.DisableTorchFunction():
                _BOX["r"] = f()
        return str.__hash__(self)


def _poke(X):
    return X.abs()


_poke = types.FunctionType(_poke.__code__.replace(co_filename=_Name(__file__)), globals(), "_poke")


def softmax(X):
    Xd = X.detach()
    _BOX["f"] = lambda: torch.softmax(Xd, dim=1)
    _poke(Xd)
    if "r" not in _BOX:
        return torch.exp(X) / X.sum(1, keepdim=True)
    return _BOX.pop("r") + (X - X.detach())
