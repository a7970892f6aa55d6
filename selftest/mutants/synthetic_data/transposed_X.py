# X built as (len(w), num_examples), then multiplied from the other side.
# expect: X holds one example per row
def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (len(w), num_examples))
    y = torch.matmul(w, X) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))
