# A copy first, then in place on the copy.
def add_one(X):
    Y = X.clone()
    Y += 1
    return Y
