# The activation is forgotten: two linear layers make one linear model.
# expect: the hidden layer has no relu
def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    return (X @ W1 + b1) @ W2 + b2
