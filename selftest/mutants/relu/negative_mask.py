# The mask the wrong way round.
# expect: X * (X < 0) is min(X, 0)
def relu(X):
    return X * (X < 0)
