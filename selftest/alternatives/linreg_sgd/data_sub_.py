# Through .data, which autograd does not see (older d2l style).
def sgd(params, lr, batch_size):
    for param in params:
        param.data.sub_(lr * param.grad / batch_size)
        param.grad.zero_()
