# min instead of max: the negative part is kept.
# expect: that is min(X, 0)
def relu(X):
    return torch.min(X, torch.zeros_like(X))
