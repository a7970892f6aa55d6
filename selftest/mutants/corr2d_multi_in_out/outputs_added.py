# The output channels are added like input channels.
# expect: the c_o outputs were added up
def corr2d_multi_in_out(X, K):
    return sum(corr2d_multi_in(X, k) for k in K)
