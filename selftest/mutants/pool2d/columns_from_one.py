# The column loop starts at 1 (as if counting from one): the first column of Y stays 0.
# expect: first column was never computed
def pool2d(X, pool_size, mode="max"):
    p_h, p_w = pool_size
    Y = torch.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1), device=X.device, dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(1, Y.shape[1]):
            if mode == "max":
                Y[i, j] = X[i : i + p_h, j : j + p_w].max()
            elif mode == "avg":
                Y[i, j] = X[i : i + p_h, j : j + p_w].mean()
    return Y
