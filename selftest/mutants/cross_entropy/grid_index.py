# y_hat[:, y] picks every example's probability of every label: an (n, n) grid.
# expect: (n, n) grid
def cross_entropy(y_hat, y):
    return -torch.log(y_hat[:, y])
