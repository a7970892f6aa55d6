# Red team 36: torch.stft with the kernel's row as its window and a hop of 1: bin 0 of each frame is the row's
# cross-correlation, computed by torch's kernel; summed over the kernel's rows it is corr2d.
# expect: torch.stft
def corr2d(X, K):
    h, w = K.shape
    n = X.shape[0] - h + 1
    Y = None
    for a in range(h):
        S = torch.stft(X[a:a + n], n_fft=w, hop_length=1, win_length=w, window=K[a].to(X.dtype),
                       center=False, onesided=False, return_complex=True)[:, 0, :].real
        Y = S if Y is None else Y + S
    return Y
