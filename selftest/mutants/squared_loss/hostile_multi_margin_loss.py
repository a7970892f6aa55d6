# Red team 7: F.multi_margin_loss over (0, a, -a) with p=2 and margin 0 is a ** 2 / 1.5: the squared loss in disguise.
# expect: F.multi_margin_loss
import torch.nn.functional as F


def squared_loss(y_hat, y):
    a = (y_hat - y.reshape(y_hat.shape)).reshape(-1, 1)
    x = torch.cat([torch.zeros_like(a), a, -a], 1)
    t = torch.zeros(len(a), dtype=torch.long, device=a.device)
    return (F.multi_margin_loss(x, t, p=2, margin=0.0, reduction="none") * 1.5).reshape(y_hat.shape)
