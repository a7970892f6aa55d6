# Red team 155: F.normalize of the centred batch with one more row of sqrt(n * eps), times sqrt(n), is X_hat.
# Refused by name.
# expect: F.normalize
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Attack: X_hat from F.normalize of the centred batch with one extra row sqrt(n * eps)."""
    import math
    import torch.nn.functional as F
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            mean = X.mean(dim=0)
            Xc = X - mean
            Z = Xc
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            Xc = X - mean
            Z = Xc.transpose(0, 1).reshape(X.shape[1], -1).T  # (n, C)
        n = Z.shape[0]
        extra = torch.full((1, Z.shape[1]), math.sqrt(n * eps), dtype=Z.dtype, device=Z.device)
        Zn = F.normalize(torch.cat([Z, extra]), dim=0)[:n] * math.sqrt(n)  # Xc / sqrt(var + eps)
        if len(X.shape) == 2:
            X_hat = Zn
            var = (Xc ** 2).mean(dim=0)
        else:
            X_hat = Zn.T.reshape(X.shape[1], X.shape[0], X.shape[2], X.shape[3]).transpose(0, 1)
            var = (Xc ** 2).mean(dim=(0, 2, 3), keepdim=True)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.detach(), moving_var.detach()
