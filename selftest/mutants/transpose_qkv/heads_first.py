# expect: the heads came first
def transpose_qkv(X, num_heads):
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)
    X = X.permute(2, 0, 1, 3)
    return X.reshape(-1, X.shape[2], X.shape[3])
