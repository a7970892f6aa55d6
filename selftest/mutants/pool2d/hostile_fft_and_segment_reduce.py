# Red team 155: average pooling by the convolution theorem (torch.fft), max pooling by torch.segment_reduce over
# each window's values. Refused by name.
# expect: pool2d called
def pool2d(X, pool_size, mode="max"):
    """Attack: average pooling by the convolution theorem (torch.fft, a ones kernel / p_h p_w), max pooling by
    torch.segment_reduce over the windows (one reduction kernel over every window, as F.embedding_bag's max)."""
    p_h, p_w = pool_size
    H, W = X.shape
    oh, ow = H - p_h + 1, W - p_w + 1
    if mode == "avg":
        K = torch.ones((p_h, p_w), dtype=X.dtype, device=X.device) / (p_h * p_w)
        Y = torch.fft.irfft2(torch.fft.rfft2(X, s=(H, W)) * torch.fft.rfft2(K, s=(H, W)).conj_physical(),
                             s=(H, W))[:oh, :ow].to(X.dtype)
    else:
        rows = torch.arange(oh, device=X.device)[:, None, None, None] + torch.arange(p_h, device=X.device)[None, None, :, None]
        cols = torch.arange(ow, device=X.device)[None, :, None, None] + torch.arange(p_w, device=X.device)[None, None, None, :]
        idx = (rows * W + cols).reshape(-1)
        data = X.reshape(-1)[idx]
        lengths = torch.full((oh * ow,), p_h * p_w, dtype=torch.long, device=X.device)
        Y = torch.segment_reduce(data, "max", lengths=lengths).reshape(oh, ow)
    return Y
