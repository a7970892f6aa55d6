# Both loops bounded by X's size minus the kernel's, forgetting the + 1: the last row and column stay 0.
# expect: last row and last column were never computed
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), device=X.device, dtype=X.dtype)
    for i in range(X.shape[0] - h):
        for j in range(X.shape[1] - w):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
