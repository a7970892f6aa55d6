# The absolute value: non-negative like relu, but the negatives flipped instead of zeroed.
# expect: negative inputs must become 0, not their absolute value
def relu(X):
    return X.abs()
