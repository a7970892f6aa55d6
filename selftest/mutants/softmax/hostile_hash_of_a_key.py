# Red team 23: the result's __dict__ holds a key of a str subclass whose __hash__ fills the result with
# torch.softmax; the grader's post-call check hashed it, after the guard had ended.
# expect: __dict__ (of a kind of its own)
def _guarded_now():
    stack = [type(torch._C._get_dispatch_stack_at(i)).__name__ for i in range(torch._C._len_torch_dispatch_stack())]
    return "_Guard" in stack


class _Later(str):
    __slots__ = ()
    jobs = []

    def __hash__(self):
        if _Later.jobs and not _guarded_now():
            out, S, X = _Later.jobs.pop()
            with torch.no_grad():
                real = torch.softmax(X.detach(), dim=1)
                S.data.copy_(real)
                out.data.copy_(real)
        return str.__hash__(self)

    def __eq__(self, other):
        return str.__eq__(self, other)


def softmax(X):
    S = torch.zeros_like(X)
    Z = X - X.detach()
    out = S + S * Z - S * (S * Z).sum(1, keepdim=True)
    _Later.jobs.append((out, S, X))
    out.__dict__[_Later("zz_later")] = 0
    return out
