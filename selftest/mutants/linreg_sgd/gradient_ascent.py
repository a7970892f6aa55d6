# Adds the gradient: ascent instead of descent.
# expect: descent, not ascent
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param += lr * param.grad / batch_size
            param.grad.zero_()
