# Forgets to divide by batch_size (the loss was summed, not averaged).
# expect: divide the gradient by batch_size
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad
            param.grad.zero_()
