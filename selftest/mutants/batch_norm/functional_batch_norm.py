# F.batch_norm does the whole job: not from scratch.
# expect: called F.batch_norm
from torch.nn import functional as F  # noqa: E402


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    mean, var = moving_mean.clone().reshape(-1), moving_var.clone().reshape(-1)
    Y = F.batch_norm(X, mean, var, gamma.reshape(-1), beta.reshape(-1), training=torch.is_grad_enabled(),
                     momentum=1 - momentum, eps=eps)
    return Y, mean.reshape(moving_mean.shape), var.reshape(moving_var.shape)
