# The shortcut this exercise replaces.
# expect: called F.conv2d
from torch.nn import functional as F


def corr2d(X, K):
    return F.conv2d(X[None, None], K[None, None])[0, 0]
