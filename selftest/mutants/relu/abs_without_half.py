# relu as (X + |X|), forgetting the / 2.
# expect: (X + X.abs()) is twice relu(X)
def relu(X):
    return X + torch.abs(X)
