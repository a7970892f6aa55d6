# X * w is elementwise, not the matrix product.
# expect: matrix product
def linreg(X, w, b):
    return X * w + b
