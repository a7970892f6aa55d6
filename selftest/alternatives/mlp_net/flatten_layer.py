# X.flatten(1) keeps the batch dimension and flattens the rest; torch.matmul is @.
def net(X, params):
    W1, b1, W2, b2 = params
    H = relu(torch.matmul(X.flatten(1), W1) + b1)
    return torch.matmul(H, W2) + b2
