# Red team 10: the result is `X + 0` re-classed to a subclass whose __torch_function__ computes F.softmax on its
# first real use, in the test's comparison, after the guard has ended.
# expect: with its own __torch_function__
import torch

_LATER = {}


def _later(base):
    if base in _LATER:
        return _LATER[base]

    def tf(cls, func, types, args=(), kwargs=None):
        look = getattr(func, "__name__", "") == "__get__"  # grad_fn, shape: answered by the alias

        def real(t):
            if isinstance(t, cls):
                return t._alias if look else torch.nn.functional.softmax(t._src, 1)
            if isinstance(t, (list, tuple)):
                return type(t)(real(u) for u in t)
            return t

        return func(*real(args), **{k: real(v) for k, v in (kwargs or {}).items()})

    _LATER[base] = type("Later", (base,), {"__torch_function__": classmethod(tf)})
    return _LATER[base]


def softmax(X):
    Y = X + 0
    Y._alias, Y._src = X + 0, X
    Y.__class__ = _later(type(X))
    return Y
