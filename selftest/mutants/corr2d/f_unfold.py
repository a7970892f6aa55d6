# im2col by F.unfold, then one matrix product: the convolution's own machinery.
# expect: F.unfold
from torch.nn import functional as F


def corr2d(X, K):
    h, w = K.shape
    cols = F.unfold(X[None, None], (h, w))[0]
    return (K.reshape(1, -1) @ cols).reshape(X.shape[0] - h + 1, X.shape[1] - w + 1)
