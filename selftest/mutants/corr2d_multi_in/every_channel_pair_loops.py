# The same mistake written with index loops and an accumulator.
# expect: every channel of X met every channel of K
def corr2d_multi_in(X, K):
    Y = 0
    for i in range(X.shape[0]):
        for j in range(K.shape[0]):
            Y = Y + d2l.corr2d(X[i], K[j])
    return Y
