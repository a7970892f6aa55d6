# Red team 36: torch's distance of one-element vectors, squared and halved, is the squared loss.
# expect: F.pairwise_distance
def squared_loss(y_hat, y):
    import torch.nn.functional as F
    return F.pairwise_distance(y_hat[..., None], y.reshape(y_hat.shape)[..., None], eps=0) ** 2 / 2
