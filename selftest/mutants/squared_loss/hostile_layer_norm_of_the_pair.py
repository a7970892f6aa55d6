# Red team 43: the variance of the pair (y_hat, y) computed by F.layer_norm with a huge eps, turned back into
# (y_hat - y)^2 / 2 by algebra.
# expect: F.layer_norm
def squared_loss(y_hat, y):
    import torch.nn.functional as F
    y = y.reshape(y_hat.shape)
    eps = 1e4
    o = F.layer_norm(torch.stack([y_hat, y], -1), (2,), eps=eps)[..., 0]
    return 2 * eps * o ** 2 / (1 - o ** 2)
