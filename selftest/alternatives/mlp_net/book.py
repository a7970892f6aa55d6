# d2l's net, with the parameters unpacked from the argument and the size taken from W1
# (d2l's module-level num_inputs is not defined in this file).
def net(X, params):
    W1, b1, W2, b2 = params
    num_inputs = W1.shape[0]
    X = X.reshape((-1, num_inputs))
    H = relu(X@W1 + b1)  # @ is the matrix product
    return (H@W2 + b2)
