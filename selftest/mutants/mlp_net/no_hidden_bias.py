# The hidden layer's bias is forgotten.
# expect: add the bias b1 in the hidden layer
def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    H = relu(X @ W1)
    return H @ W2 + b2
