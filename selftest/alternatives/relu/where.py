# torch.where picks X where it is positive and 0 elsewhere.
def relu(X):
    return torch.where(X > 0, X, torch.zeros_like(X))
