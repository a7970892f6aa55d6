# Red team 4, probe 8: F.binary_cross_entropy(p, 1) is -log p, torch's likelihood loss in disguise.
# expect: F.binary_cross_entropy
def cross_entropy(y_hat, y):
    from torch.nn import functional as F

    p = y_hat[range(len(y_hat)), y]
    return F.binary_cross_entropy(p, torch.ones_like(p), reduction="none")
