# The learner took the argmax over axis 0 (one per class) instead of per row.
# expect: over axis 1
def accuracy(y_hat, y):
    if y_hat.dim() > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(dim=0)
    return float((y_hat.type(y.dtype) == y).sum())
