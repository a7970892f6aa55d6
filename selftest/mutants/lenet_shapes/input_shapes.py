# The shape is recorded before the layer runs.
# expect: each shape is the layer's input
def layer_shapes(net, X):
    shapes = []
    for layer in net:
        shapes.append((layer.__class__.__name__, tuple(X.shape)))
        X = layer(X)
    return shapes
