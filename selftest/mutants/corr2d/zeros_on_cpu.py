# torch.zeros without device=: Y is on the CPU whatever device X is on (on a GPU too; caught on simgpu).
# expect: create new tensors on the inputs' device
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
