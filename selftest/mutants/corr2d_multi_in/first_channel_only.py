# The loop returns inside its first pass.
# expect: only the first channel counted
def corr2d_multi_in(X, K):
    for x, k in zip(X, K):
        return d2l.corr2d(x, k)
