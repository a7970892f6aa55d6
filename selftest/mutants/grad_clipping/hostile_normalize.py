# Red team 155: F.normalize of every gradient as one row, eps=theta, times theta, is v * min(1, theta / |v|):
# clip_grad_norm_ in one call. Refused by name.
# expect: F.normalize
def grad_clipping(net, theta):
    """Attack: clip_grad_norm_ computed by F.normalize(all grads as one row, eps=theta) * theta."""
    import torch.nn.functional as F
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    flat = torch.cat([p.grad.reshape(-1) for p in params])
    # v / max(|v|, theta) * theta == v * min(1, theta / |v|): clip_grad_norm_ in one torch call
    clipped = F.normalize(flat, dim=0, eps=theta) * theta
    i = 0
    for p in params:
        n = p.grad.numel()
        p.grad.copy_(clipped[i:i + n].view_as(p.grad))
        i += n
