# A given stride is never applied: with one, every stride-1 window comes back.
# expect: the given stride
def maxpool2d(X, pool_size, padding=0, stride=None):
    (p_h, p_w), (q_h, q_w) = _pair(pool_size), _pair(padding)
    X = F.pad(X, (q_w, q_w, q_h, q_h), value=float("-inf"))
    Y = pool2d(X, (p_h, p_w), "max")
    if stride is None:
        return Y[::p_h, ::p_w]
    return Y
