# Red team 4, probe 8: F.huber_loss with a huge delta is exactly (y_hat - y)^2 / 2, torch's loss in disguise.
# expect: F.huber_loss
def squared_loss(y_hat, y):
    from torch.nn import functional as F

    return F.huber_loss(y_hat, y.reshape(y_hat.shape), reduction="none", delta=1e30)
