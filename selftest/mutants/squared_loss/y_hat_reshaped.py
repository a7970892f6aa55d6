# Reshapes y_hat to y's shape instead of y to y_hat's: the loss comes back as (n,) for y (n,).
# expect: reshape y to y_hat's shape (y.reshape(y_hat.shape)), not y_hat to y's
def squared_loss(y_hat, y):
    return (y_hat.reshape(y.shape) - y) ** 2 / 2
