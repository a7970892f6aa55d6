# Red team 151: torch.renorm of the centred batch, each feature's slice with an extra entry that adds n * eps to its
# squared norm, rescaled to norm sqrt(n), is (X - mean) / sqrt(var + eps).
# expect: torch.renorm
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        dims = (0,) if X.dim() == 2 else (0, 2, 3)
        mean = X.mean(dim=dims, keepdim=X.dim() == 4)
        var = ((X - mean) ** 2).mean(dim=dims, keepdim=X.dim() == 4)
        n = X.numel() // X.shape[1]
        k = 1 if X.dim() == 2 else X.shape[2] * X.shape[3]
        pad = torch.full((1, *X.shape[1:]), (n * eps / k) ** 0.5, dtype=X.dtype, device=X.device)
        tiny = 1e-6
        X_hat = torch.renorm(torch.cat([X - mean, pad], 0), 2, 1, tiny)[:X.shape[0]] * (n ** 0.5 / tiny)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.detach(), moving_var.detach()
