# No padding at all.
# expect: padding was ignored
def maxpool2d(X, pool_size, padding=0, stride=None):
    pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    s_h, s_w = pair(pool_size if stride is None else stride)
    return pool2d(X, pair(pool_size), "max")[::s_h, ::s_w]
