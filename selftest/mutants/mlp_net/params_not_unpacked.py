# d2l's net uses W1, b1, W2, b2 from the notebook; here they come in params and must be unpacked.
# expect: unpack the parameters first
def net(X, params):
    X = X.reshape((-1, params[0].shape[0]))
    H = relu(X@W1 + b1)
    return (H@W2 + b2)
