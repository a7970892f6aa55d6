# Zeroes the gradient first, then updates with the zeroed gradient: nothing moves.
# expect: param.grad.zero_() ran before the update
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param.grad.zero_()
            param -= lr * param.grad / batch_size
