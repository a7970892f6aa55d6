# A true convolution from the textbook definition: the kernel is flipped.
# expect: true convolution
def corr2d(X, K):
    h, w = K.shape
    K = K.flip(0, 1)
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), device=X.device, dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
