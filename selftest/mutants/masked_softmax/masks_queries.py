# The mask runs along the queries (dim 1) instead of the keys.
# expect: the queries were masked instead of the keys
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return nn.functional.softmax(X, dim=-1)
    b, q, k = X.shape
    Xt = X.transpose(1, 2)
    if valid_lens.dim() == 1:
        valid_lens = torch.repeat_interleave(valid_lens, k)
    else:
        valid_lens = valid_lens.transpose(0, 1).reshape(-1)
    mask = torch.arange(q, device=X.device)[None, :] < valid_lens[:, None]
    Xt = Xt.reshape(-1, q).masked_fill(~mask, -1e6).reshape(b, k, q)
    return nn.functional.softmax(Xt.transpose(1, 2), dim=-1)
