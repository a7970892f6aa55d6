# The new tensor made by `param = param - ...` has no .grad to zero.
# expect: update each parameter in place
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param = param - lr * param.grad / batch_size
            param.grad.zero_()
