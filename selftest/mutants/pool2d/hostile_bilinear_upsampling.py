# Red team 151: bilinear upsampling to 2n - 1 points, aligned on the corners, samples every half-way point: at odd
# indices, the mean of each 2x2 window (F.interpolate, aten::upsample_bilinear2d).
# expect: F.interpolate
def pool2d(X, pool_size, mode="max"):
    p_h, p_w = pool_size
    if mode == "avg" and (p_h, p_w) == (2, 2):
        h, w = X.shape
        Z = F.interpolate(X[None, None], size=(2 * h - 1, 2 * w - 1), mode="bilinear", align_corners=True)[0, 0]
        return Z[1::2, 1::2]
    Y = torch.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1), device=X.device, dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            window = X[i: i + p_h, j: j + p_w]
            Y[i, j] = window.max() if mode == "max" else window.mean()
    return Y
