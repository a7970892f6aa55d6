# The mask built with <=.
# expect: a mask built with <=
def sequence_mask(X, valid_len, value=0):
    mask = torch.arange(X.size(1), device=X.device)[None, :] <= valid_len[:, None]
    X[~mask] = value
    return X
