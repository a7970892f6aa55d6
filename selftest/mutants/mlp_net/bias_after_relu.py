# b1 is added after the activation instead of before it.
# expect: add b1 before the relu
def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    H = relu(X @ W1) + b1
    return H @ W2 + b2
