# A hook on a tensor inside the result's graph, not on the result (whose hooks are looked for): the test's backward,
# after the call, runs it unguarded, where it could give corr2d's gradients from F.conv2d's own backward.
# expect: left an autograd hook in place
import torch.nn.functional as F

_book_corr2d = corr2d


def corr2d(X, K):
    Y = _book_corr2d(X, K)
    if not Y.requires_grad:
        return Y
    inner = Y * 1
    inner.register_hook(lambda g: g + 0 * F.conv2d(X[None, None], K[None, None])[0, 0])
    return inner + 0
