# Red team 38: F.mse_loss with a weight (Python code that never reaches the mse_loss op) as a functools.partial given
# as F.triplet_margin_with_distance_loss's distance.
# expect: F.mse_loss
def squared_loss(y_hat, y):
    # red38: torch's own F.mse_loss (its weighted path, Python code in torch/nn/functional.py) as the "distance" of
    # F.triplet_margin_with_distance_loss: the function mode is off the stack inside that call, and the weighted
    # path reaches the dispatch mode only as sub, pow and mul, never as mse_loss
    import functools
    import torch.nn.functional as F
    y = y.reshape(y_hat.shape)
    half = torch.full_like(y_hat, 0.5)
    mse = functools.partial(F.mse_loss, weight=half, reduction="none")
    loss = F.triplet_margin_with_distance_loss(y_hat, y, y_hat, distance_function=mse, margin=1e-30,
                                               reduction="none")
    return loss - 1e-30
