# Red team 151: torch._weight_norm over every gradient as one row is v * theta / |v|: torch computes the global norm
# and the scale.
# expect: torch._weight_norm
def grad_clipping(net, theta):
    params = [p for p in net.parameters() if p.requires_grad] if isinstance(net, nn.Module) else net.params
    v = torch.cat([p.grad.reshape(1, -1) for p in params], 1)
    w = torch._weight_norm(v, torch.full((1, 1), float(theta), dtype=v.dtype, device=v.device), 0)
    w = torch.where(w.abs() < v.abs(), w, v)  # only when it shrinks them
    at = 0
    for param in params:
        k = param.grad.numel()
        param.grad.copy_(w[0, at:at + k].reshape(param.grad.shape))
        at += k
