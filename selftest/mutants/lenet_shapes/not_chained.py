# Every layer gets the original X.
# expect: feed each layer the previous layer's output
def layer_shapes(net, X):
    return [(layer.__class__.__name__, tuple(layer(X).shape)) for layer in net]
