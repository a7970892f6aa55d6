# Red team 139: torch's own _refs code run with globals whose first key hashes as "__name__"; the guard's look-up of
# "__name__" in the frame's globals ran the key's __eq__ with every mode off, which ran torch.softmax and raised past the refusal.
# expect: torch._refs
import types as _types
import torch._refs as _refs


class _Out(BaseException):
    pass


def _guard_off():
    """Neither of the guard's modes on the stack (the simulated GPU's own may be)."""
    modes = [torch._C._get_dispatch_stack_at(i) for i in range(torch._C._len_torch_dispatch_stack())]
    modes += [torch._C._get_function_stack_at(i) for i in range(torch._C._len_torch_function_stack())]
    return not any("Guard" in type(m).__name__ for m in modes)


class _Key:
    def __init__(self):
        self.fn, self.got, self.done = None, None, True

    def __hash__(self):
        return hash("__name__")  # the first slot a lookup of "__name__" probes

    def __eq__(self, other):
        if not self.done and _guard_off():
            self.done = True
            K = torch._C.DispatchKey  # autograd is excluded in a dispatch handler: let it record again
            keys = [getattr(K, k) for k in dir(K) if k.startswith("Autograd") or k == "ADInplaceOrView"]
            saved = [torch._C._dispatch_tls_is_dispatch_key_excluded(k) for k in keys]
            for k in keys:
                torch._C._dispatch_tls_set_dispatch_key_excluded(k, False)
            try:
                self.got = self.fn()  # no torch mode on the stack: nothing sees what runs
            finally:
                for k, was in zip(keys, saved):
                    torch._C._dispatch_tls_set_dispatch_key_excluded(k, was)
            raise _Out()
        return False


_KEY = _Key()
_G = {_KEY: 0}  # first in: it takes the slot "__name__" hashes to
_G.update(vars(_refs))
_ABS = _refs.abs
while hasattr(_ABS, "__wrapped__"):
    _ABS = _ABS.__wrapped__
_ABS = _types.FunctionType(_ABS.__code__, _G)  # torch/_refs' own code object (def abs(a): return prims.abs(a))


def _unseen(fn):
    _KEY.fn, _KEY.got, _KEY.done = fn, None, False
    try:
        _ABS(torch.zeros(1))  # the guard walks the frames of the op and reads this frame's globals' "__name__"
    except _Out:
        pass
    finally:
        _KEY.done = True
    return _KEY.got


def softmax(X):
    sm = _unseen(lambda: torch.softmax(X.detach(), dim=1))
    d = X - X.detach()  # zero, carrying X's graph: value sm, gradient softmax's Jacobian
    return sm + sm * d - sm * (sm * d).sum(dim=1, keepdim=True)

