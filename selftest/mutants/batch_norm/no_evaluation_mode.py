# No is_grad_enabled() branch: the batch's statistics in evaluation too.
# expect: batch statistics used in evaluation mode
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if len(X.shape) == 2:
        mean = X.mean(dim=0)
        var = ((X - mean) ** 2).mean(dim=0)
    else:
        mean = X.mean(dim=(0, 2, 3), keepdim=True)
        var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
    X_hat = (X - mean) / torch.sqrt(var + eps)
    moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
    moving_var = momentum * moving_var + (1.0 - momentum) * var
    return gamma * X_hat + beta, moving_mean.detach(), moving_var.detach()
