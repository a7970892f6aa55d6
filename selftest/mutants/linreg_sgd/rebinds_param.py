# The learner's own pitfall: the loop variable is rebound, the caller's tensor never changes.
# expect: rebinds param
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param = param - lr * param.grad / batch_size
            param.grad.zero_()
