# d2l 0.17.6's synthetic_data, typed as the book has it (d2l.normal, d2l.matmul, d2l.reshape are torch's).
def synthetic_data(w, b, num_examples):
    """生成 y = Xw + b + 噪声。"""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, torch.reshape(y, (-1, 1))
