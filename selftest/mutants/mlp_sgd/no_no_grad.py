# d2l's update without `with torch.no_grad():`: autograd refuses an in-place change of a leaf.
# expect: wrap the update in `with torch.no_grad():`
def sgd(params, lr, batch_size):
    for param in params:
        param -= lr * param.grad / batch_size
        param.grad.zero_()
