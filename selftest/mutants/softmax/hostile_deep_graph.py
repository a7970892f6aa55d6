# Red team 19: a result whose autograd graph is longer than the 20,000 steps the check reads, so that what lies
# past them (a forbidden node) is never reached; here the padding alone, which is refused as such.
# expect: too many to check
import torch


def softmax(X):
    e = torch.exp(X - X.max(1, keepdim=True).values)
    out = e / e.sum(1, keepdim=True)
    pad = X * 0
    for _ in range(20_001):
        pad = pad * 1
    return out + pad
