# gather's (n, 1) column returned as it is.
# expect: squeeze it to (n,)
def cross_entropy(y_hat, y):
    return -torch.log(y_hat.gather(1, y.unsqueeze(1)))
