# The maps are never stacked.
# expect: a list came back
def pool2d_multi_channel(X, pool_size, mode="max"):
    return [pool2d(x, pool_size, mode) for x in X]
