# Reduces to one number with .mean().
# expect: reduced to one number
def squared_loss(y_hat, y):
    return ((y_hat - y.reshape(y_hat.shape)) ** 2 / 2).mean()
