# param.data = ... puts the right values in new memory.
# expect: new memory
def sgd(params, lr, batch_size):
    for param in params:
        param.data = param.data - lr * param.grad / batch_size
        param.grad.zero_()
