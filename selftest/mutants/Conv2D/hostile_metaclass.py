# Red team 13: a metaclass of its own drops __init__, forward and __call__ from the body of any subclass, the
# grader's guarded one included, so that no wrapper is installed.
# expect: a change to the graded class
from torch.nn import functional as F


class _Meta(type):
    def __new__(mcs, name, bases, ns, **kw):
        if any(isinstance(b, _Meta) for b in bases):
            ns = {k: v for k, v in ns.items() if k not in ("__init__", "forward", "__call__")}
        return super().__new__(mcs, name, bases, ns, **kw)


class Conv2D(nn.Module, metaclass=_Meta):
    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return F.conv2d(x[None, None], self.weight[None, None])[0, 0] + self.bias
