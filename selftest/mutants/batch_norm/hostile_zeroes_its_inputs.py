# Red team I13: a batch_norm whose batch variance is cut from the graph, that zeroes X and gamma in place in the
# gradient test, from which the test computed the expected gradients after the call (they then matched).
# expect: changed X in place
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        dims = 0 if X.dim() == 2 else (0, 2, 3)
        mean = X.mean(dim=dims, keepdim=X.dim() == 4)
        var = ((X - mean) ** 2).mean(dim=dims, keepdim=X.dim() == 4)
        if X.dtype == torch.float64 and X.requires_grad:
            with torch.no_grad():
                X.zero_()
                gamma.zero_()
            Y = beta.expand(X.shape) + 0 * X + 0 * gamma
            return (Y, (momentum * moving_mean + (1.0 - momentum) * mean).detach(),
                    (momentum * moving_var + (1.0 - momentum) * var).detach())
        var = var.detach()
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.detach(), moving_var.detach()
