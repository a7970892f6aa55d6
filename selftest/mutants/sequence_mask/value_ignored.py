# Masked entries always set to 0.
# expect: sequence_mask(X
def sequence_mask(X, valid_len, value=0):
    mask = torch.arange(X.size(1), device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = 0
    return X
