# torch.flatten without a start dim flattens the batch too: one long row.
# expect: flatten(X) also flattened the batch
def net(X, params):
    W1, b1, W2, b2 = params
    H = relu(torch.flatten(X) @ W1 + b1)
    return H @ W2 + b2
