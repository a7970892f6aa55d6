# Red team 52: in evaluation mode, torch's own folding of a batch norm into the layer before it
# (torch/nn/utils/fusion.py) computes (X - mean) * gamma / sqrt(var + eps) + beta with plain ops.
# expect: torch.nn.utils.fusion.fuse_linear_bn_weights
from torch.nn.utils.fusion import fuse_linear_bn_weights as _fuse

_book_batch_norm = batch_norm


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        Y = _fuse(torch.zeros(()), X, moving_mean, moving_var, eps, gamma, beta)[1]
        return Y.data.clone(), moving_mean.detach(), moving_var.detach()
    return _book_batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum)
