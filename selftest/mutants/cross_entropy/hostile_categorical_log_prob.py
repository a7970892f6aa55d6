# Red team 12: torch.distributions.Categorical's log_prob is cross-entropy, in torch's own Python code.
# expect: torch's own Python code
import torch


def cross_entropy(y_hat, y):
    return -torch.distributions.Categorical(probs=y_hat, validate_args=False).log_prob(y)
