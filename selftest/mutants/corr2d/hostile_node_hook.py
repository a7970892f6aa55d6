# A hook on an autograd node (grad_fn.register_prehook), which torch keeps out of sight of Python: the test's
# backward, after the call, runs it unguarded.
# expect: left an autograd hook in place
import torch.nn.functional as F

_book_corr2d = corr2d


def corr2d(X, K):
    Y = _book_corr2d(X, K) * 1
    if Y.grad_fn is not None:
        Y.grad_fn.register_prehook(lambda g: (g[0] + 0 * F.conv2d(X[None, None], K[None, None])[0, 0],))
    return Y
