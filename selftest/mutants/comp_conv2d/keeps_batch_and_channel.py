# The output is returned as it comes out of nn.Conv2d, 4-D.
# expect: still there
def comp_conv2d(conv2d, X):
    return conv2d(X.reshape((1, 1) + X.shape))
