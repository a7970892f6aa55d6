# Red team 27: F.embedding_bag over window indices, mode max or mean: pooling in one kernel.
# expect: F.embedding_bag
def pool2d(X, pool_size, mode='max'):
    import torch
    import torch.nn.functional as F
    p_h, p_w = pool_size
    n_h, n_w = X.shape
    o_h, o_w = (n_h - p_h + 1, n_w - p_w + 1)
    a = torch.arange(p_h, device=X.device).reshape(p_h, 1) * n_w + torch.arange(p_w, device=X.device)
    starts = torch.arange(o_h, device=X.device).reshape(o_h, 1) * n_w + torch.arange(o_w, device=X.device)
    idx = (starts.reshape(-1, 1, 1) + a).reshape(o_h * o_w, p_h * p_w)
    out = F.embedding_bag(idx, X.reshape(-1, 1), mode='max' if mode == 'max' else 'mean')
    return out.reshape(o_h, o_w)
