# X.data = ... gives the caller's tensor new memory: views of the old memory miss it.
# expect: new memory
def add_one_(X):
    X.data = X + 1
