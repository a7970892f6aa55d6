# Statistics over each example's features (layer norm), not over the batch.
# expect: one mean per example
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        dims = tuple(range(1, X.dim()))
        mean = X.mean(dim=dims, keepdim=True)
        var = ((X - mean) ** 2).mean(dim=dims, keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean.mean()
        moving_var = momentum * moving_var + (1.0 - momentum) * var.mean()
    return gamma * X_hat + beta, moving_mean.detach(), moving_var.detach()
