# Zeroing the negatives of X itself: the caller's input is changed.
# expect: relu in place
def relu(X):
    X[X < 0] = 0
    return X
