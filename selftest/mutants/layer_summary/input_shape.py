# The shape is recorded before the layer runs: each row shows the layer's input.
# expect: shows the layer's input shape
def layer_summary(net, X):
    rows = []
    for layer in net:
        rows.append((layer.__class__.__name__, tuple(X.shape), sum(p.numel() for p in layer.parameters())))
        X = layer(X)
    return rows
