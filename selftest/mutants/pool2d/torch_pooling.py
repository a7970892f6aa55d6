# The shortcuts this exercise replaces.
# expect: F.max_pool2d
from torch.nn import functional as F


def pool2d(X, pool_size, mode="max"):
    pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    return pool(X[None, None], pool_size, stride=1)[0, 0]
