# Red team 147: torch._weight_norm over the batch, the centred data with one extra row of sqrt(n * eps) and a gain of
# sqrt(n), is (X - mean) / sqrt(var + eps): a normalisation of torch's under another name.
# expect: torch._weight_norm
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    import math

    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        dims = (0,) if X.dim() == 2 else (0, 2, 3)
        mean = X.mean(dim=dims, keepdim=X.dim() == 4)
        var = ((X - mean) ** 2).mean(dim=dims, keepdim=X.dim() == 4)
        Xc = X - mean
        n = Xc.numel() // Xc.shape[1]
        extra = torch.zeros((1, *Xc.shape[1:]), dtype=X.dtype, device=X.device)
        if X.dim() == 2:
            extra = extra + math.sqrt(n * eps)
        else:  # one element per channel
            extra = extra.flatten(2)
            extra[:, :, 0] = math.sqrt(n * eps)
            extra = extra.reshape((1, *Xc.shape[1:]))
        gain = torch.full([Xc.shape[1] if d == 1 else 1 for d in range(X.dim())], math.sqrt(n), dtype=X.dtype,
                          device=X.device)
        X_hat = torch._weight_norm(torch.cat([Xc, extra]), gain, 1)[: X.shape[0]]
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.detach(), moving_var.detach()
