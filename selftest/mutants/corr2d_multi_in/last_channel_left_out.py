# An index loop one short: the shape is right, the last input channel never counts.
# expect: stops one short
def corr2d_multi_in(X, K):
    return sum(d2l.corr2d(X[i], K[i]) for i in range(X.shape[0] - 1))
