# d2l prints the pairs; print returns None.
# expect: named_shapes returned None
def named_shapes(net):
    return print(*[(name, param.shape) for name, param in net.named_parameters()])
