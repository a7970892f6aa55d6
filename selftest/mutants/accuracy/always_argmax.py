# argmax even when y_hat already holds one class per example.
# expect: take the argmax only when it has a column per class
def accuracy(y_hat, y):
    return float((y_hat.argmax(axis=1) == y).sum())
