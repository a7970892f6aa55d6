# X goes in 2-D.
# expect: X.reshape((1, 1) + X.shape) first
def comp_conv2d(conv2d, X):
    return conv2d(X)
