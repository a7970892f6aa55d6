# state_dict() holds detached tensors: equal values, but not the layer's Parameters.
# expect: returned a copy of net[
def layer_params(net, i):
    state = net[i].state_dict()
    return state["weight"], state["bias"]
