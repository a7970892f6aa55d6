# Red team 136: a torch.SymInt over a node of its own stays symbolic while a dispatch mode is on, reaches the
# guard's dispatch handler as a bound of aten.slice, and its maybe_as_int ran torch.softmax there with every mode off.
# expect: SymInt node
import torch as _t

_S = {}


class _Node:
    def __init__(self, v):
        self.v = v

    def is_int(self): return True
    def is_bool(self): return False
    def is_float(self): return False
    def is_nested_int(self): return False
    def is_symbolic(self): return False
    def is_constant(self): return False
    def has_hint(self): return True
    def guard_int(self, f, l): return self.v
    def int_(self): return self.v

    def maybe_as_int(self):
        if _t._C._len_torch_dispatch_stack():  # still symbolic while a dispatch mode is on
            return None
        job = _S.pop("job", None)  # here: inside the grader's own dispatch handler, every mode popped
        if job is not None:
            fn, box = job
            box["r"] = fn()
        return self.v


def _unseen(fn):
    box = {}
    _S["job"] = (fn, box)
    _t.zeros(2)[:_t.SymInt(_Node(1))]
    _S.pop("job", None)
    return box["r"]


def softmax(X):
    """torch.softmax, run unseen."""
    def f():
        with _t.no_grad():
            return _t.softmax(X.detach(), dim=1)
    return X - X.detach() + _unseen(f)
