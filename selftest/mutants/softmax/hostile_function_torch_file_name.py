# Red team 47: red team 18's numpy softmax in an autograd Function, compiled under a file name of torch's, so that a
# check reading code's file name alone took its forward and backward for torch's own.
# expect: an autograd Function of its own
import os as _os

_SOURCE = '''
import numpy as np
import torch


class NumpySoftmax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X):
        x = X.detach().cpu().numpy()
        e = np.exp(x - x.max(axis=1, keepdims=True))
        out = torch.from_numpy(e / e.sum(axis=1, keepdims=True)).to(X.device)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (p,) = ctx.saved_tensors
        pn, gn = p.cpu().numpy(), g.cpu().numpy()
        return torch.from_numpy(pn * (gn - (gn * pn).sum(axis=1, keepdims=True))).to(g.device)
'''
_space = {"__name__": "torch.autograd.function"}
exec(compile(_SOURCE, _os.path.join(_os.path.dirname(torch.__file__), "autograd", "function.py"), "exec"), _space)


def softmax(X):
    return _space["NumpySoftmax"].apply(X)
