# X.add(1) makes a new tensor and the result is thrown away.
# expect: X.add(1) (no underscore)
def add_one_(X):
    X.add(1)
