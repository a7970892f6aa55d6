# clamp (without the underscore) returns a new tensor.
def relu(X):
    return X.clamp(min=0)
