# The positions made without device=.
# expect: on different devices
def sequence_mask(X, valid_len, value=0):
    mask = torch.arange(X.size(1))[None, :] < valid_len[:, None]
    X[~mask] = value
    return X
