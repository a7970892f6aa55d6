# Red team 155: the cross-correlation by the convolution theorem (torch.fft.rfft2, irfft2), no window at all.
# Refused by name.
# expect: torch.fft
def corr2d(X, K):
    """Attack: 2-D cross-correlation by the convolution theorem (torch.fft), no sliding window."""
    h, w = K.shape
    H, W = X.shape
    Xf = torch.fft.rfft2(X, s=(H, W))
    Kf = torch.fft.rfft2(K, s=(H, W))
    Y = torch.fft.irfft2(Xf * Kf.conj_physical(), s=(H, W))[: H - h + 1, : W - w + 1]
    return Y.to(X.dtype)
