# Red team 27: the unbiased variance of the pair (y_hat, y) is exactly (y_hat - y) ** 2 / 2.
# expect: torch.var
def squared_loss(y_hat, y):
    import torch
    return torch.var(torch.stack([y_hat, y.reshape(y_hat.shape)]), dim=0, correction=1)
