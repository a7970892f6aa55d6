# view and transpose instead of reshape and permute: the same layout.
def transpose_qkv(X, num_heads):
    b, n, _ = X.shape
    return X.view(b, n, num_heads, -1).transpose(1, 2).reshape(b * num_heads, n, -1)
