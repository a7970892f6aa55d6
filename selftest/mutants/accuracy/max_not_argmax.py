# max gives each row's largest score, not its class.
# expect: argmax gives each row's class
def accuracy(y_hat, y):
    if y_hat.dim() > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.max(dim=1).values
    return float((y_hat.type(y.dtype) == y).sum())
