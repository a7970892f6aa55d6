# The stride always set to the window, as nn.MaxPool2d's default, even when one is given.
# expect: the given stride
def maxpool2d(X, pool_size, padding=0, stride=None):
    (p_h, p_w), (q_h, q_w) = _pair(pool_size), _pair(padding)
    s_h, s_w = p_h, p_w
    X = F.pad(X, (q_w, q_w, q_h, q_h), value=float("-inf"))
    return pool2d(X, (p_h, p_w), "max")[::s_h, ::s_w]
