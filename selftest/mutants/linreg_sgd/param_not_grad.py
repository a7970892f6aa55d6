# The step uses the parameter where its gradient belongs.
# expect: the step used the parameter itself, not its gradient
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param / batch_size
            param.grad.zero_()
