# param.grad.zero_() is dedented out of the loop: only the last parameter's gradient is zeroed.
# expect: zero every parameter's gradient inside the for loop
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
        param.grad.zero_()
