# The output size from the formula, then a loop over the windows of the padded image.
def maxpool2d(X, pool_size, padding=0, stride=None):
    pair = lambda v: v if isinstance(v, tuple) else (v, v)
    (p_h, p_w), (q_h, q_w) = pair(pool_size), pair(padding)
    s_h, s_w = pair(pool_size) if stride is None else pair(stride)
    X = F.pad(X, (q_w, q_w, q_h, q_h), value=-float("inf"))
    Y = torch.zeros(((X.shape[0] - p_h + s_h) // s_h, (X.shape[1] - p_w + s_w) // s_w), device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = X[i * s_h : i * s_h + p_h, j * s_w : j * s_w + p_w].max()
    return Y
