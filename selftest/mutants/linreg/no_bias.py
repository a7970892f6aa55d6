# Forgets + b.
# expect: b is missing
def linreg(X, w, b):
    return torch.matmul(X, w)
