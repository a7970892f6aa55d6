# Y = X does not copy; Y += 1 changes the caller's tensor.
# expect: changed the caller's x
def add_one(X):
    Y = X
    Y += 1
    return Y
