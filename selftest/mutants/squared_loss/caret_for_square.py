# ^ for the power: bitwise xor in Python.
# expect: ^ is bitwise xor in Python
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ^ 2 / 2
