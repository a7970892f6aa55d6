# Red team 12: torch.distributions' SoftmaxTransform, torch's own Python softmax outside torch._refs.
# expect: torch's own Python code
import torch


def softmax(X):
    return torch.distributions.transforms.SoftmaxTransform()(X)
