# F.pad's default value 0: a padded zero beats negative inputs at the border.
# expect: padded with zeros
def maxpool2d(X, pool_size, padding=0, stride=None):
    pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    (q_h, q_w), (s_h, s_w) = pair(padding), pair(pool_size if stride is None else stride)
    X = F.pad(X, (q_w, q_w, q_h, q_h))
    return pool2d(X, pair(pool_size), "max")[::s_h, ::s_w]
