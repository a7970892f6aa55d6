# Loop over the kernel's few entries instead of the output: each shifts a whole slice of X.
def corr2d(X, K):
    h, w = K.shape
    n_h, n_w = X.shape[0] - h + 1, X.shape[1] - w + 1
    return sum(K[a, b] * X[a : a + n_h, b : b + n_w] for a in range(h) for b in range(w))
