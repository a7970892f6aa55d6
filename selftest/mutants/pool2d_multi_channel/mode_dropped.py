# mode is not passed on: always max pooling.
# expect: mode was not passed on
def pool2d_multi_channel(X, pool_size, mode="max"):
    return torch.stack([pool2d(x, pool_size) for x in X])
