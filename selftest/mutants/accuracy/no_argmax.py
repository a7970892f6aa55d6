# Compares the scores themselves with the labels.
# expect: argmax over axis 1
def accuracy(y_hat, y):
    return float((y_hat == y).sum())
