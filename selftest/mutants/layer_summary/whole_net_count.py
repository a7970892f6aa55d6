# net.parameters() instead of layer.parameters(): every row counts the whole net.
# expect: counts the whole net's parameters
def layer_summary(net, X):
    rows = []
    for layer in net:
        X = layer(X)
        rows.append((layer.__class__.__name__, tuple(X.shape), sum(p.numel() for p in net.parameters())))
    return rows
