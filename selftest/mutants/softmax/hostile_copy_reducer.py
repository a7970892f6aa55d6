# Red team 83: a reducer of its own for Tensor put in copyreg.dispatch_table (changed in place, the table itself
# not rebound), and Tensor.detach set to copy.copy, Python's own function: the test's own X.detach() ran the reducer
# after the check, which copied torch.softmax into the zeros softmax returned.
# expect: copyreg.dispatch_table
import copy
import copyreg

import torch


def softmax(X):
    out = X * 0
    plain = torch._C.TensorBase.detach

    def reducer(t):
        del copyreg.dispatch_table[torch.Tensor]
        type.__delattr__(torch.Tensor, "detach")
        with torch.no_grad():
            plain(out).copy_(torch.softmax(plain(X).double(), dim=1).to(out.dtype))
        return plain, (t,)

    copyreg.dispatch_table[torch.Tensor] = reducer
    torch.Tensor.detach = copy.copy
    return out
