# Red team 42: torch._euclidean_dist, the kernel torch.cdist calls, of one-element vectors, squared and halved.
# expect: torch._euclidean_dist
def squared_loss(y_hat, y):
    return torch._euclidean_dist(y_hat.reshape(-1, 1, 1), y.reshape(y_hat.shape).reshape(-1, 1, 1)).reshape(
        y_hat.shape) ** 2 / 2
