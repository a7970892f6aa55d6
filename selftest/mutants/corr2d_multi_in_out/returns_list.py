# The maps are never stacked into one tensor.
# expect: a list came back
def corr2d_multi_in_out(X, K):
    return [corr2d_multi_in(X, k) for k in K]
