# expect: the permutation is in the wrong order
def transpose_qkv(X, num_heads):
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)
    X = X.permute(0, 2, 3, 1)
    return X.reshape(-1, X.shape[3], X.shape[2])
