# Red team 127: a __name__ property put into torch's OpOverload class (its dict, behind the proxy) for the length of
# one op, removed before the call returned: the guard's own dispatch handler read func.__name__ with both modes popped
# and ran torch.softmax; the look after the call saw the class as it was. A torch class's namespace that changed
# during a call, put back or not, is refused.
# expect: made and undone during the call
import gc

import torch


def softmax(X):
    box = {"go": True}

    def name(self):
        if box.pop("go", False):
            box["res"] = torch.softmax(X.detach(), dim=1)
        return self.__dict__["__name__"]

    op_class = torch._ops.OpOverload
    raw = next(x for x in gc.get_referents(op_class.__dict__) if type(x) is dict)
    raw["__name__"] = property(name, lambda self, v: self.__dict__.__setitem__("__name__", v))
    type.__setattr__(op_class, "_drop_cache", 1)
    type.__delattr__(op_class, "_drop_cache")
    try:
        torch.zeros(1).neg()
    finally:
        del raw["__name__"]
        type.__setattr__(op_class, "_drop_cache", 1)
        type.__delattr__(op_class, "_drop_cache")
    return box.get("res", torch.zeros_like(X)) + X * 0
