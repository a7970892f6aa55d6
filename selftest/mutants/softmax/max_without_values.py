# X.max(dim) is a (values, indices) pair, not a tensor.
# expect: X.max(dim) returns a pair (values, indices)
def softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True))
    return X_exp / X_exp.sum(1, keepdim=True)
