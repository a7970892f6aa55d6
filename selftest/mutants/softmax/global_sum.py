# Divides by the sum of the whole matrix.
# expect: divided by the sum of the whole matrix
def softmax(X):
    X_exp = torch.exp(X - X.max(1, keepdim=True).values)
    return X_exp / X_exp.sum()
