# net.named_parameters without (): the method itself is not iterable.
# expect: a method was passed where its result was meant
def named_shapes(net):
    return [(name, param.shape) for name, param in net.named_parameters]
