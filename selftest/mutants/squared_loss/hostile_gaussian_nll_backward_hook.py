# Red team 35: F.gaussian_nll_loss with variance 1 (the squared loss, refused by name) as a tensor hook that is a
# functools.partial of it, run by a .backward() inside the call.
# expect: F.mse_loss
def squared_loss(y_hat, y):
    import functools

    import torch.nn.functional as F
    box = []
    target = y.reshape(y_hat.shape)
    loss = functools.partial(F.gaussian_nll_loss, target=target, var=torch.ones_like(y_hat), reduction="none",
                             full=False)
    a = torch.zeros_like(y_hat, requires_grad=True)
    b = a * 1.0
    b.register_hook(lambda g, f=loss: box.append(f(g)) or g)
    b.backward(y_hat.detach())
    return box[0] + (y_hat - y_hat.detach())
