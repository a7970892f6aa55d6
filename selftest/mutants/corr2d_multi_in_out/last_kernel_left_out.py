# The loop over the output channels stops one short.
# expect: the loop over K stops one short
def corr2d_multi_in_out(X, K):
    return torch.stack([corr2d_multi_in(X, K[o]) for o in range(K.shape[0] - 1)], 0)
