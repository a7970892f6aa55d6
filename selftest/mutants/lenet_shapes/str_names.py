# str(layer) is the layer's repr, with its arguments.
# expect: use the class name
def layer_shapes(net, X):
    shapes = []
    for layer in net:
        X = layer(X)
        shapes.append((str(layer), tuple(X.shape)))
    return shapes
