# Y has the right shape, but the row loop stops one short: range(Y.shape[0] - 1) never fills the last row.
# expect: last row was never computed
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), device=X.device, dtype=X.dtype)
    for i in range(Y.shape[0] - 1):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
