# The mask the wrong way round.
# expect: that is min(X, 0)
def relu(X):
    return X * (X < 0)
