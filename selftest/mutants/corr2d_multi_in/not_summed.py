# The per-channel maps are stacked, as if they were output channels.
# expect: one map per input channel
def corr2d_multi_in(X, K):
    return torch.stack([d2l.corr2d(x, k) for x, k in zip(X, K)])
