# The weights first: torch.matmul(w, X).
# expect: the operands of the matrix product are swapped
def linreg(X, w, b):
    return torch.matmul(w, X) + b
