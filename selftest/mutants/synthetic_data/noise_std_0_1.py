# Noise ten times too strong: 0.1 instead of 0.01.
# expect: second argument is the standard deviation 0.01
def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.1, y.shape)
    return X, y.reshape((-1, 1))
