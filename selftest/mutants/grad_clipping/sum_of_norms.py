# The sum of the parameters' norms instead of the global norm.
# expect: square root of the sum of the squares
def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    norm = sum(torch.sqrt(torch.sum(p.grad ** 2)) for p in params)
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm
