# Seeds inside: every call draws the same X.
# expect: no torch.manual_seed inside
def synthetic_data(w, b, num_examples):
    torch.manual_seed(0)
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))
