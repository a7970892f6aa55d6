# alone
# Red team 58: a kernel registered through a library handle torch made itself (torch.export.custom_ops.lib), where no
# new library is made: it ran torch.softmax below the guard's modes, and the values came back through an op of
# torch's namespace "export".
# expect: gave torch's dispatcher a kernel of its own
import torch
import torch.export.custom_ops as _co

if not hasattr(torch.ops.export, "kata_fill"):
    _co.lib.define("kata_fill(Tensor x, Tensor out) -> ()")
_co.lib.impl("kata_fill", lambda x, out: out.copy_(torch.softmax(x, dim=1)), "CPU")


def softmax(X):
    s = torch.empty_like(X, requires_grad=False)
    torch.ops.export.kata_fill(X.detach(), s)
    t = s * (X - (s * X).sum(dim=1, keepdim=True))  # softmax's Jacobian, given its values
    return s + (t - t.detach())
