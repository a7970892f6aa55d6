# net.modules() walks the net itself first, then every layer inside every block.
# expect: run the top-level layers in order
def layer_summary(net, X):
    rows = []
    for layer in net.modules():
        X = layer(X)
        rows.append((layer.__class__.__name__, tuple(X.shape), sum(p.numel() for p in layer.parameters())))
    return rows
