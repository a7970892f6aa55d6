# The pair in the wrong order.
# expect: return (weight, bias) in that order
def layer_params(net, i):
    return net[i].bias, net[i].weight
