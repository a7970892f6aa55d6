# The size is hard-coded to Fashion-MNIST's 784: other image sizes do not fit.
# expect: a fixed size (d2l's 784) does not fit
def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, 784))
    H = relu(X @ W1 + b1)
    return H @ W2 + b2
