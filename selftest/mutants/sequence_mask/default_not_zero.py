# value's default is not d2l's 0.
# expect: value defaults to 0
def sequence_mask(X, valid_len, value=-1e6):
    mask = torch.arange(X.size(1), device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = value
    return X
