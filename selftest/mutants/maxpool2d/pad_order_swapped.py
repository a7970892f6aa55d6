# F.pad given (top, bottom, left, right), the order of the pool's (rows, columns): F.pad starts with the last dim.
# expect: F.pad's list starts with the LAST dimension
def maxpool2d(X, pool_size, padding=0, stride=None):
    (p_h, p_w), (q_h, q_w) = _pair(pool_size), _pair(padding)
    s_h, s_w = _pair(pool_size if stride is None else stride)
    X = F.pad(X, (q_h, q_h, q_w, q_w), value=float("-inf"))
    return pool2d(X, (p_h, p_w), "max")[::s_h, ::s_w]
