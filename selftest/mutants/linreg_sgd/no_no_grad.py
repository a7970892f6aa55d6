# Updates a leaf that requires grad while autograd records.
# expect: torch.no_grad
def sgd(params, lr, batch_size):
    for param in params:
        param -= lr * param.grad / batch_size
        param.grad.zero_()
