# Red team 27: F.embedding_bag over window indices, K as per-sample weights: the windows' weighted sums in one kernel.
# expect: F.embedding_bag
def corr2d(X, K):
    import torch
    import torch.nn.functional as F
    h, w = K.shape
    n_h, n_w = X.shape
    o_h, o_w = (n_h - h + 1, n_w - w + 1)
    a = torch.arange(h, device=X.device).reshape(h, 1) * n_w + torch.arange(w, device=X.device)
    starts = torch.arange(o_h, device=X.device).reshape(o_h, 1) * n_w + torch.arange(o_w, device=X.device)
    idx = (starts.reshape(-1, 1, 1) + a).reshape(o_h * o_w, h * w)
    weights = K.reshape(1, -1).expand(o_h * o_w, h * w)
    out = F.embedding_bag(idx, X.reshape(-1, 1), mode='sum', per_sample_weights=weights)
    return out.reshape(o_h, o_w)
