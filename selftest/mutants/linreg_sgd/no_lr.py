# Forgets the learning rate.
# expect: the step ignores lr
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= param.grad / batch_size
            param.grad.zero_()
