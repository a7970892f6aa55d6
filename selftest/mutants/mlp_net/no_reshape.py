# The images reach X @ W1 unflattened: (B, 1, 28, 28) is not a batch of rows.
# expect: flatten each image into a row first
def net(X, params):
    W1, b1, W2, b2 = params
    H = relu(X @ W1 + b1)
    return H @ W2 + b2
