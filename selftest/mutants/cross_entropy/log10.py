# Base-10 logarithm.
# expect: use the natural log
def cross_entropy(y_hat, y):
    return -torch.log10(y_hat[range(len(y_hat)), y])
