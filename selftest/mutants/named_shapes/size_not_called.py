# param.size is a method: without () the pair holds the method, not the shape.
# expect: param.size without () is the method itself
def named_shapes(net):
    return [(name, param.size) for name, param in net.named_parameters()]
