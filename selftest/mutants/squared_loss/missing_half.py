# Forgets the / 2 of d2l's squared loss.
# expect: missing the / 2
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2
