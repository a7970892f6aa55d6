# Red team 12: a plain tensor whose `detach`, set on the tensor itself, computes torch.softmax when the test's
# comparison calls it, after the from-scratch check.
# expect: is its own code, not Tensor's
import torch


def softmax(X):
    out = X * 0
    out.detach = lambda: torch.softmax(X.detach(), dim=1)
    return out
