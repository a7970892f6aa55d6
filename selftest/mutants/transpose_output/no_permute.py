# expect: without undoing the permutation
def transpose_output(X, num_heads):
    return X.reshape(-1, X.shape[1], X.shape[2] * num_heads)
