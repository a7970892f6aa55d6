# X * w instead of the matrix product: (n, d) values reshaped into one column.
# expect: X * w multiplies elementwise
def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = X * w + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))
