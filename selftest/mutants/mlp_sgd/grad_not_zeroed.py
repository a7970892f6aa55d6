# The gradient is left in place: the next batch's gradient piles onto it.
# expect: was not zeroed
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
