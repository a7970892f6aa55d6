# parameters() gives the tensors alone: unpacking one into (name, param) fails.
# expect: use net.named_parameters(), which gives (name, param) pairs
def named_shapes(net):
    return [(name, param.shape) for name, param in net.parameters()]
