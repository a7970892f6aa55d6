# Red team 50: a hook of its own on the result, which the test's backward (after the call) runs unguarded: there it
# could give corr2d's gradients from F.conv2d's own backward.
# expect: returned a tensor with a hook of its own
_book_corr2d = corr2d


def corr2d(X, K):
    Y = _book_corr2d(X, K)
    if Y.requires_grad:
        Y.register_hook(lambda g: g)
    return Y
