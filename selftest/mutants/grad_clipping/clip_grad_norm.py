# torch's clip_grad_norm_ in a from-scratch exercise.
# expect: called torch.nn.utils.clip_grad_norm_
def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    torch.nn.utils.clip_grad_norm_(params, theta)
