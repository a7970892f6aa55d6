# The classic: X = X + 1 makes a new tensor and rebinds the local name only.
# expect: only makes the local name point at a new object
def add_one_(X):
    X = X + 1
    return X
