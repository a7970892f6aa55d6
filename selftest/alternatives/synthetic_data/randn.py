# torch.randn draws from N(0, 1); the noise scaled by 0.01.
def synthetic_data(w, b, num_examples):
    X = torch.randn(num_examples, len(w))
    y = X @ w + b + 0.01 * torch.randn(num_examples)
    return X, y.reshape(-1, 1)
