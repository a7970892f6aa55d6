# Multiplies by batch_size instead of dividing.
# expect: multiplied by batch_size
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad * batch_size
            param.grad.zero_()
