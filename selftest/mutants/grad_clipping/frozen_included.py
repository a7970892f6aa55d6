# A frozen parameter (no gradient) is included.
# expect: without a gradient
def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = list(net.parameters())
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm
