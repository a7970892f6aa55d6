# The in-place method sub_ under no_grad.
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param.sub_(lr * param.grad / batch_size)
            param.grad.zero_()
