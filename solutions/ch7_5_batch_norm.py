"""d2l 7.5 Batch normalization (批量规范化)."""

import torch
from torch import nn


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Batch normalization of 2-D (fully connected) or 4-D (convolutional) X; returns (Y, moving_mean, moving_var).

    As in d2l, torch.is_grad_enabled() decides the mode: training normalises with the batch's
    statistics and updates the moving averages, evaluation (under torch.no_grad()) uses them.
    """
    if not torch.is_grad_enabled():
        # evaluation: the moving averages, so a prediction does not depend on the rest of the batch
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            # fully connected: one mean and variance per feature, over the batch
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            # convolutional: one per channel, over the batch and every position; keepdim to broadcast
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)  # the biased variance, eps inside the square root
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta  # scale and shift
    # detach (d2l: .data): the moving averages are statistics, not part of the graph that backward walks
    return Y, moving_mean.detach(), moving_var.detach()


class BatchNorm(nn.Module):
    """d2l's BatchNorm layer: num_features outputs of a Linear (num_dims=2) or channels of a Conv2d (num_dims=4)."""

    def __init__(self, num_features, num_dims):
        super().__init__()
        shape = (1, num_features) if num_dims == 2 else (1, num_features, 1, 1)
        # the scale and shift are learned: Parameters, initialised to 1 and 0
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        # the moving averages are state, not parameters. Buffers (d2l uses plain attributes and moves
        # them in forward) follow the module in .to(device) and are saved in its state_dict.
        self.register_buffer("moving_mean", torch.zeros(shape))
        self.register_buffer("moving_var", torch.ones(shape))

    def forward(self, X):
        # keep the updated moving averages (assigning to a buffer's name replaces the buffer)
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma, self.beta, self.moving_mean, self.moving_var, eps=1e-5, momentum=0.9)
        return Y


def bn_lenet():
    """d2l's LeNet with a BatchNorm after every convolution and fully connected layer, before the sigmoid."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5), BatchNorm(6, num_dims=4), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), BatchNorm(16, num_dims=4), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120), BatchNorm(120, num_dims=2), nn.Sigmoid(),
        nn.Linear(120, 84), BatchNorm(84, num_dims=2), nn.Sigmoid(),
        nn.Linear(84, 10),
    )  # fmt: skip
