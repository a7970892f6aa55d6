# The absolute error instead of the squared one.
# expect: square the difference
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)).abs() / 2
