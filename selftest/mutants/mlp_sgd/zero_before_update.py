# The gradient is zeroed first, so the update subtracts zero.
# expect: zero the gradient after the update, not before
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param.grad.zero_()
            param -= lr * param.grad / batch_size
