# X.T @ K.T is (h * w, c_o): reshaping it to (c_o, h, w) scrambles the pixels.
# expect: without transposing it
def corr2d_multi_in_out_1x1(X, K):
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = X.reshape((c_i, h * w))
    K = K.reshape((c_o, c_i))
    return torch.matmul(X.T, K.T).reshape((c_o, h, w))
