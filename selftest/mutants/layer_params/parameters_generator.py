# parameters() is a generator, not the pair it yields.
# expect: is a generator, not the pair
def layer_params(net, i):
    return net[i].parameters()
