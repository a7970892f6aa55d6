# param.grad.zero_() dedented out of the loop: only the last parameter's gradient is cleared.
# expect: indent it into the loop
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
        param.grad.zero_()
