# Windows of every channel at once: Tensor.unfold on the last two dimensions.
def pool2d_multi_channel(X, pool_size, mode="max"):
    windows = X.unfold(1, pool_size[0], 1).unfold(2, pool_size[1], 1)
    return windows.amax(dim=(-2, -1)) if mode == "max" else windows.mean(dim=(-2, -1))
