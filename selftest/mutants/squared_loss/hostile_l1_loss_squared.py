# Red team 36's family: torch's L1 loss (|y_hat - y| per element), squared and halved, is the squared loss.
# expect: F.l1_loss
def squared_loss(y_hat, y):
    import torch.nn.functional as F
    return F.l1_loss(y_hat, y.reshape(y_hat.shape), reduction="none") ** 2 / 2
