# A relu on the output layer too: negative logits are clipped to 0.
# expect: return the logits H @ W2 + b2 without a relu
def net(X, params):
    W1, b1, W2, b2 = params
    X = X.reshape((-1, W1.shape[0]))
    H = relu(X @ W1 + b1)
    return relu(H @ W2 + b2)
