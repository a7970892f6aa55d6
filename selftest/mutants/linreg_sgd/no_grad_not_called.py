# with torch.no_grad: without the parentheses.
# expect: `with torch.no_grad():`, with the parentheses
def sgd(params, lr, batch_size):
    with torch.no_grad:
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
