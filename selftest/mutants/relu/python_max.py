# Python's built-in max compares the whole tensor with 0, which has no single truth value.
# expect: Python's max() compares whole tensors
def relu(X):
    return max(X, 0)
