# The batch mean and variance are detached before normalising: backward misses their part of the gradient.
# expect: cut from the graph
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        if len(X.shape) == 2:
            mean = X.mean(dim=0).detach()
            var = ((X - mean) ** 2).mean(dim=0).detach()
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True).detach()
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True).detach()
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    return gamma * X_hat + beta, moving_mean, moving_var
