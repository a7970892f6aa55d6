# d2l's linreg, as the book has it (d2l.matmul is torch.matmul).
def linreg(X, w, b):
    """线性回归模型。"""
    return torch.matmul(X, w) + b
