# Gradients below theta are scaled up to it.
# expect: scaled up
def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    for param in params:
        param.grad[:] *= theta / norm
