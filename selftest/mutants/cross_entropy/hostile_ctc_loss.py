# Red team 6: F.ctc_loss with one time step, targets of length 1 and an extra blank column is nll_loss.
# expect: F.ctc_loss
import torch.nn.functional as F


def cross_entropy(y_hat, y):
    n, q = y_hat.shape
    logp = torch.cat([torch.log(y_hat), torch.full((n, 1), -1e4, dtype=y_hat.dtype, device=y_hat.device)], 1)
    return F.ctc_loss(logp.unsqueeze(0), y.reshape(n, 1), [1] * n, [1] * n, blank=q, reduction="none")
