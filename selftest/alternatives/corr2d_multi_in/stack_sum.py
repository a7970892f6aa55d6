# Stack the per-channel maps, then sum over the channel dimension.
def corr2d_multi_in(X, K):
    return torch.stack([d2l.corr2d(X[c], K[c]) for c in range(X.shape[0])]).sum(dim=0)
