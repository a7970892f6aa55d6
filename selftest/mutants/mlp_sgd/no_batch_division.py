# The gradient of the batch sum is used as is: steps batch_size times too large.
# expect: divide the gradient by batch_size
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad
            param.grad.zero_()
