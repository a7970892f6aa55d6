# X.var(unbiased=False), torch.rsqrt, and the moving averages updated in place under no_grad.
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if torch.is_grad_enabled():
        dims = [0] if X.dim() == 2 else [0, 2, 3]
        mean = X.mean(dim=dims, keepdim=True)
        var = X.var(dim=dims, unbiased=False, keepdim=True)
        with torch.no_grad():
            moving_mean.mul_(momentum).add_((1 - momentum) * mean.reshape(moving_mean.shape))
            moving_var.mul_(momentum).add_((1 - momentum) * var.reshape(moving_var.shape))
    else:
        mean, var = moving_mean, moving_var
    return gamma * (X - mean) * torch.rsqrt(var + eps) + beta, moving_mean, moving_var
