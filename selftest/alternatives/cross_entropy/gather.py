# gather picks y[i] from row i; the log of the whole matrix, then the pick, is the same.
def cross_entropy(y_hat, y):
    return -torch.log(y_hat).gather(1, y.unsqueeze(1)).squeeze(1)
