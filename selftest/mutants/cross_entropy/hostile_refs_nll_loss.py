# Red team 6: torch._refs.nn.functional.nll_loss, torch's own Python nll_loss (its ops are gather, neg: no
# nll_loss op).
# expect: torch._refs.nn.functional.nll_loss
import torch._refs.nn.functional


def cross_entropy(y_hat, y):
    return torch._refs.nn.functional.nll_loss(torch.log(y_hat), y, reduction="none")
