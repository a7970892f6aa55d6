# y of shape (n,) broadcasts against y_hat (n, 1) into an (n, n) matrix.
# expect: reshape y to y_hat's shape
def squared_loss(y_hat, y):
    return (y_hat - y) ** 2 / 2
