# The learner dropped keepdim: the (n,) sums divide across columns.
# expect: missing keepdim
def softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(1)
