# Red team 21: torch's gaussian_nll_loss in disguise: with input and target 0, 0.5 * log(var) for var = p ** -2 is
# -log p, the cross-entropy of the picked probabilities.
# expect: gaussian_nll_loss
def cross_entropy(y_hat, y):
    import torch.nn.functional as F

    p = y_hat[range(len(y_hat)), y]
    z = torch.zeros_like(p)
    return F.gaussian_nll_loss(z, z, p ** -2, reduction="none", eps=1e-30)
