# add_ changes the caller's X, and returns it.
# expect: add_one changed the caller's X
def add_one(X):
    return X.add_(1)
