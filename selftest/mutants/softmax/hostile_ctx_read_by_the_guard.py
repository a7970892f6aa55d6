# Red team 139: a local named ctx whose __getattr__ the guard's dispatch handler read (which autograd Function runs
# this op?) with every mode off: it ran torch.softmax and raised past the refusal of an op no function check saw.
# expect: came through no torch function
class _Out(BaseException):
    """Not an AttributeError, so getattr(ctx, "_forward_cls", None) lets it through, before any refusal is made."""


class _Ctx:
    def __init__(self, fn):
        self.fn, self.got, self.done = fn, None, False

    def __getattr__(self, name):  # the guard's _own_function_running reads ctx._forward_cls here
        if name == "_forward_cls" and not self.done:
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
        raise AttributeError(name)


def _unseen(fn):
    ctx = _Ctx(fn)  # noqa: F841 (read from this frame by the guard)
    try:
        with torch._C.DisableTorchFunction():
            torch.zeros(1)  # an op no function mode saw: the guard asks which autograd Function runs it
    except _Out:
        pass
    return ctx.got


def softmax(X):
    sm = _unseen(lambda: torch.softmax(X.detach(), dim=1))
    d = X - X.detach()  # zero, carrying X's graph: value sm, gradient softmax's Jacobian
    return sm + sm * d - sm * (sm * d).sum(dim=1, keepdim=True)

