# The moving averages are computed into new names and the old ones returned.
# expect: came back unchanged
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        if len(X.shape) == 2:
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        new_mean = momentum * moving_mean + (1.0 - momentum) * mean  # noqa: F841
        new_var = momentum * moving_var + (1.0 - momentum) * var  # noqa: F841
    return gamma * X_hat + beta, moving_mean, moving_var
