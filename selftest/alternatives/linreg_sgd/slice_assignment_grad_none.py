# param[:] = ... writes into the same memory (the MXNet book's form), under no_grad; grad = None also clears it.
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param[:] = param - lr * param.grad / batch_size
            param.grad = None
