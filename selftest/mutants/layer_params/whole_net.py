# The Sequential is asked for its weight instead of its layer i.
# expect: index the layer first
def layer_params(net, i):
    return net.weight, net.bias
