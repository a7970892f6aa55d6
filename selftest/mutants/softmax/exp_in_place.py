# Shifts and exponentiates the caller's X in place.
# expect: softmax changed its input X in place
def softmax(X):
    X -= X.max(1, keepdim=True).values
    X.exp_()
    return X / X.sum(1, keepdim=True)
