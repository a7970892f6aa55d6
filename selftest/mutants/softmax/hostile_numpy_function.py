# Red team 18: softmax computed by another library inside an autograd Function of the learner's own (scipy's, here
# numpy's): differentiable, and no op of torch's computes it.
# expect: an autograd Function of its own
import numpy as np
import torch


class _NumpySoftmax(torch.autograd.Function):
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


def softmax(X):
    return _NumpySoftmax.apply(X)
