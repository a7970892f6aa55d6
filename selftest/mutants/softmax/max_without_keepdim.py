# X.max(1) without keepdim: (n,) subtracted across columns (fails or silently misaligns).
# expect: keepdim=True
def softmax(X):
    X_exp = torch.exp(X - X.max(1).values)
    return X_exp / X_exp.sum(1, keepdim=True)
