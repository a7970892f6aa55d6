# Red team 12: a unit Normal's log_prob is the squared loss plus a constant, in torch's own Python code.
# expect: torch's own Python code
import math

import torch


def squared_loss(y_hat, y):
    y = y.reshape(y_hat.shape)
    return -torch.distributions.Normal(y_hat, 1.0, validate_args=False).log_prob(y) - 0.5 * math.log(2 * math.pi)
