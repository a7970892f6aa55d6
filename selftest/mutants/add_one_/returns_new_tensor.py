# Returns X + 1 instead of changing X.
# expect: change the tensor itself
def add_one_(X):
    return X + 1
