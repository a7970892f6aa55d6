# The in-place method.
def add_one_(X):
    X.add_(1)
