# torch.add allocates a new tensor.
def add_one(X):
    return torch.add(X, 1)
