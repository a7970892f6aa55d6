# .data looks like the weight but is a detached tensor: no .grad, not the layer's Parameter.
# expect: returned a copy of net[
def layer_params(net, i):
    return net[i].weight.data, net[i].bias.data
