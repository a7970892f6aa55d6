# The parameter itself instead of its shape.
# expect: pair each name with param.shape
def named_shapes(net):
    return list(net.named_parameters())
