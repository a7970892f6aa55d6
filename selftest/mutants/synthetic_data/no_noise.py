# Forgets the noise.
# expect: add the noise
def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    return X, y.reshape((-1, 1))
