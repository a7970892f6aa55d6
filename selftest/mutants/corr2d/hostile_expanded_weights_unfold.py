# Red team 52: torch's per-sample weight gradient of a convolution (torch/nn/utils/_expanded_weights): its 3-D
# im2col, written in torch's Python with plain ops, is a cross-correlation of X with K.
# expect: torch.nn.utils._expanded_weights.conv_utils.conv_unfold_weight_grad_sample
import torch.nn.functional as _F
from torch.nn.utils._expanded_weights.conv_utils import conv_unfold_weight_grad_sample as _per_sample


def corr2d(X, K):
    h, w = K.shape
    oh, ow = X.shape[0] - h + 1, X.shape[1] - w + 1
    out = _per_sample(X.reshape(1, 1, 1, *X.shape), K.reshape(1, 1, 1, h, w), (1, 1, 1, oh, ow), (1, oh, ow),
                      (1, 1, 1), (0, 0, 0), (1, 1, 1), 1, _F.conv3d)
    return out.reshape(oh, ow)
