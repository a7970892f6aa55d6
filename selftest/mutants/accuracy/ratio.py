# The learner returned a ratio instead of d2l's count.
# expect: a ratio came back
def accuracy(y_hat, y):
    if y_hat.dim() > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(dim=1)
    return float((y_hat.type(y.dtype) == y).float().mean())
