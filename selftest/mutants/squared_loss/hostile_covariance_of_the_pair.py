# Red team 31: each example's two values (y_hat, y) as the observations of torch.cov: its diagonal is exactly
# (y_hat - y) ** 2 / 2.
# expect: torch.cov
def squared_loss(y_hat, y):
    import torch
    pair = torch.stack([y_hat.reshape(-1), y.reshape(-1)], 1)
    return torch.cov(pair).diagonal().reshape(y_hat.shape)
