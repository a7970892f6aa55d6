# Red team 127: an `elem` descriptor put on torch.Tensor for the length of a call: simgpu read x.elem through it
# inside its own op handler, with every mode popped, and F.max_pool2d ran there unseen. simgpu reads a tensor's own
# dict by Tensor's descriptor as it was at import, and the change to torch.Tensor, undone, is refused.
# expect: made and undone during the call
import torch
from torch.nn import functional as F

from katas.simdevice import SimTensor


def pool2d(X, pool_size, mode="max"):
    box = {}

    class _Elem:
        def __get__(self, obj, cls=None):
            if obj is None:
                return self
            e = obj.__dict__["elem"]
            if box.get("go") is obj:
                box["go"] = None
                fn = F.max_pool2d if mode == "max" else F.avg_pool2d
                box["res"] = fn(e[None, None], tuple(pool_size), stride=1)[0, 0]
            return e

        def __set__(self, obj, v):
            obj.__dict__["elem"] = v

    inner = X.__dict__["elem"] if type(X) is SimTensor else X
    torch.Tensor.elem = _Elem()
    try:
        with torch.no_grad():
            w = SimTensor(inner.detach())
            box["go"] = w
            w.neg()
    finally:
        del torch.Tensor.elem
    res = box.get("res", torch.zeros(X.shape[0] - pool_size[0] + 1, X.shape[1] - pool_size[1] + 1))
    return SimTensor(res) if type(X) is SimTensor else res
