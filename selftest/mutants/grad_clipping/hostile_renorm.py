# Red team 27: torch.renorm clips the norm of all gradients as one row, in one kernel.
# expect: torch.renorm
def grad_clipping(net, theta):
    import torch
    params = [p for p in net.parameters() if p.requires_grad] if isinstance(net, torch.nn.Module) else net.params
    flat = torch.cat([p.grad.reshape(-1) for p in params]).reshape(1, -1)
    clipped = torch.renorm(flat, 2, 0, theta)
    i = 0
    for p in params:
        n = p.grad.numel()
        p.grad.copy_(clipped[0, i:i + n].reshape(p.grad.shape))
        i += n
