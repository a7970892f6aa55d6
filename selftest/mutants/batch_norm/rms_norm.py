# Red team 4, #7: F.rms_norm of the centred batch (channels first) is batch norm's X_hat.
# expect: F.rms_norm
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    from torch.nn import functional as F

    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        dims = (0,) if X.dim() == 2 else (0, 2, 3)
        mean = X.mean(dim=dims, keepdim=X.dim() == 4)
        var = ((X - mean) ** 2).mean(dim=dims, keepdim=X.dim() == 4)
        Xc = (X - mean).movedim(1, 0)
        X_hat = F.rms_norm(Xc, Xc.shape[1:], eps=eps).movedim(0, 1)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.detach(), moving_var.detach()
