# A tensor of its own, made at import with a hook on it, added into the result: the test's backward reaches it after
# the call and runs the hook unguarded.
# expect: computed with a tensor of its own that carries a hook
import torch
import torch.nn.functional as F

_book_corr2d = corr2d
_ZERO = torch.zeros((), requires_grad=True)
_SEEN = []
_ZERO.register_hook(lambda g: _SEEN.append(F.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2))) or g)


def corr2d(X, K):
    return _book_corr2d(X, K) + _ZERO
