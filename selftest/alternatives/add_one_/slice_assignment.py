# Writing into X's own memory.
def add_one_(X):
    X[:] = X + 1
    return X
