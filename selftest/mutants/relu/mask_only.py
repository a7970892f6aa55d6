# The mask X > 0 is returned instead of X times the mask.
# expect: multiply by the mask
def relu(X):
    return X > 0
