# Red team 147: a bilinear sample at the centre of each 2x2 window (F.grid_sample, align_corners=True) is the mean of
# that window: average pooling in one kernel of torch's.
# expect: F.grid_sample
def pool2d(X, pool_size, mode="max"):
    p_h, p_w = pool_size
    H, W = X.shape[0] - p_h + 1, X.shape[1] - p_w + 1
    if mode == "avg" and (p_h, p_w) == (2, 2):
        ys = (torch.arange(H, device=X.device, dtype=X.dtype) + 0.5) * 2 / (X.shape[0] - 1) - 1
        xs = (torch.arange(W, device=X.device, dtype=X.dtype) + 0.5) * 2 / (X.shape[1] - 1) - 1
        gy, gx = torch.meshgrid(ys, xs, indexing="ij")
        grid = torch.stack([gx, gy], dim=-1)[None]
        return F.grid_sample(X[None, None], grid, mode="bilinear", align_corners=True)[0, 0]
    Y = torch.zeros((H, W), device=X.device, dtype=X.dtype)
    for i in range(H):
        for j in range(W):
            w = X[i: i + p_h, j: j + p_w]
            Y[i, j] = w.max() if mode == "max" else w.mean()
    return Y
