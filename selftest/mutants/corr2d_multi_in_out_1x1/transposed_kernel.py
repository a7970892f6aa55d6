# K reshaped the wrong way round, then transposed to make the product fit.
# expect: K reshaped to (c_i, c_o) and transposed
def corr2d_multi_in_out_1x1(X, K):
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = X.reshape((c_i, h * w))
    K = K.reshape((c_i, c_o))
    return torch.matmul(K.T, X).reshape((c_o, h, w))
