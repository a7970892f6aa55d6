# Reshaped straight to (batch * heads, n, d): each head gets a mix of positions.
# expect: the heads mix positions
def transpose_qkv(X, num_heads):
    return X.reshape(-1, X.shape[1], X.shape[2] // num_heads)
