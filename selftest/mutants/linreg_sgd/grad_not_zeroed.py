# Never zeroes the gradients: they pile up batch after batch.
# expect: was not zeroed
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
