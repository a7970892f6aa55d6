# X += 1 is in place on a tensor: the caller's X changes.
# expect: changed the caller's x
def add_one(X):
    X += 1
    return X
