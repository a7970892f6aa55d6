# col2im by F.fold (red team 11): every product of the kernel and the input laid out, the sums done by torch's
# fold kernel, cut to the valid window.
# expect: F.fold
from torch.nn import functional as F


def corr2d(X, K):
    h, w = K.shape
    n_h, n_w = X.shape
    cols = K.flip(0, 1).reshape(h * w, 1) * X.reshape(1, -1)
    full = F.fold(cols[None], (n_h + h - 1, n_w + w - 1), (h, w))[0, 0]
    return full[h - 1:n_h, w - 1:n_w]
