# d2l's first line, net[0].named_parameters(): the first layer only, without its prefix.
# expect: call named_parameters() on the whole net
def named_shapes(net):
    return [(name, param.shape) for name, param in net[0].named_parameters()]
