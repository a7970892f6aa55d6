# Pad with -inf, then Tensor.unfold with step = stride picks exactly the strided windows.
def maxpool2d(X, pool_size, padding=0, stride=None):
    p = pool_size if isinstance(pool_size, tuple) else (pool_size, pool_size)
    q = padding if isinstance(padding, tuple) else (padding, padding)
    s = p if stride is None else (stride if isinstance(stride, tuple) else (stride, stride))
    padded = torch.full((X.shape[0] + 2 * q[0], X.shape[1] + 2 * q[1]), float("-inf"), device=X.device, dtype=X.dtype)
    padded[q[0] : q[0] + X.shape[0], q[1] : q[1] + X.shape[1]] = X
    return padded.unfold(0, p[0], s[0]).unfold(1, p[1], s[1]).amax(dim=(-2, -1))
