# state_dict() looks like the parameters, but it also holds buffers (BatchNorm's running statistics).
# expect: state_dict() also holds buffers
def named_shapes(net):
    return [(name, t.shape) for name, t in net.state_dict().items()]
