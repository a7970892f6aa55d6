# The scaled gradient is bound to a local name only.
# expect: only rebinds the name
def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for g in [p.grad for p in params]:
            g = g * theta / norm
