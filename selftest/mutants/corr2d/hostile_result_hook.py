# Red team 50: a hook of its own on the result, which the test's backward (after the call) runs unguarded: there it
# could give corr2d's gradients from F.conv2d's own backward.
# expect: returned a tensor with a hook of its own
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), device=X.device, dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    if Y.requires_grad:
        Y.register_hook(lambda g: g)
    return Y
