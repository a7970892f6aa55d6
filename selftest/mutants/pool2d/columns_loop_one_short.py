# The column loop bounded by X's width minus the window, without the + 1: the last column stays 0.
# expect: last column was never computed
def pool2d(X, pool_size, mode="max"):
    p_h, p_w = pool_size
    Y = torch.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1), device=X.device, dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(X.shape[1] - p_w):
            if mode == "max":
                Y[i, j] = X[i : i + p_h, j : j + p_w].max()
            elif mode == "avg":
                Y[i, j] = X[i : i + p_h, j : j + p_w].mean()
    return Y
