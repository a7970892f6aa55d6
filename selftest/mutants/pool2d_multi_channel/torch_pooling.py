# nn.MaxPool2d / nn.AvgPool2d on all channels at once.
# expect: F.max_pool2d
from torch import nn


def pool2d_multi_channel(X, pool_size, mode="max"):
    layer = nn.MaxPool2d(pool_size, stride=1) if mode == "max" else nn.AvgPool2d(pool_size, stride=1)
    return layer(X[None])[0]
