# The shortcut this exercise replaces.
# expect: max_pool2d
def maxpool2d(X, pool_size, padding=0, stride=None):
    return F.max_pool2d(X[None, None], pool_size, stride=stride, padding=padding)[0, 0]
