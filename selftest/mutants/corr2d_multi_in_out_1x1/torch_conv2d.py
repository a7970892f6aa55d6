# The 1x1 convolution by torch's convolution.
# expect: called F.conv2d
from torch.nn import functional as F


def corr2d_multi_in_out_1x1(X, K):
    return F.conv2d(X[None], K)[0]
