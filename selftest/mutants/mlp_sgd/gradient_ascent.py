# += instead of -=: the step goes up the loss.
# expect: subtract the step
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param += lr * param.grad / batch_size
            param.grad.zero_()
