# Red team 50: the items of the caller's params list (net.params of a SimpleNamespace) swapped for objects of its own
# whose .grad, read by the test after the call, ran torch's clip_grad_norm_ unguarded.
# expect: left a value of a class of its own (_Param) in its argument
class _Param:
    def __init__(self, p):
        self.p = p

    @property
    def grad(self):
        return self.p.grad


def grad_clipping(net, theta):
    params = [p for p in net.parameters() if p.requires_grad] if isinstance(net, nn.Module) else net.params
    norm = torch.sqrt(sum(torch.sum(p.grad ** 2) for p in params))
    for param in params:
        param.grad.mul_((theta / norm).clamp(max=1))
    if not isinstance(net, nn.Module):
        net.params[:] = [_Param(p) for p in net.params]
