# reshape(-1, 1): the column shape that y_hat has.
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(-1, 1)) ** 2 / 2
