# The loop variable is rebound; the caller's parameters never change.
# expect: rebinds a local name
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param = param - lr * param.grad / batch_size
            param.grad = None
