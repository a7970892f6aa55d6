# Red team 6: F.gaussian_nll_loss with a variance of 1 is (y_hat - y) ** 2 / 2, the squared loss itself.
# expect: F.gaussian_nll_loss
import torch.nn.functional as F


def squared_loss(y_hat, y):
    return F.gaussian_nll_loss(y_hat, y.reshape(y_hat.shape), torch.ones_like(y_hat), reduction="none")
