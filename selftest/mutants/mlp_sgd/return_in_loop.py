# The return is indented into the loop: only the first parameter is updated.
# expect: only params[0] changed
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
            return
