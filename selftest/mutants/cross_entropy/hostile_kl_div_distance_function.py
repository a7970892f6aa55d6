# Red team 38: F.kl_div as a functools.partial given as F.triplet_margin_with_distance_loss's distance.
# expect: F.kl_div
def cross_entropy(y_hat, y):
    # red38: torch's F.kl_div (a cross-entropy this exercise refuses) as the "distance" of
    # F.triplet_margin_with_distance_loss: inside that call the function mode is off the stack, and kl_div, a
    # composite op, reaches the dispatch mode only as xlogy, sub and mul
    import functools
    import torch.nn.functional as F
    target = torch.zeros_like(y_hat).scatter_(1, y.reshape(-1, 1), 1.0)
    kl = functools.partial(F.kl_div, reduction="none")
    # loss = 0 + kl(log y_hat, onehot) - kl(log y_hat, 0) = onehot * (log onehot - log y_hat) - 0
    loss = F.triplet_margin_with_distance_loss(torch.log(y_hat), target, torch.zeros_like(target),
                                               distance_function=kl, margin=1.0, reduction="none")
    return (loss - 1.0).sum(1)
