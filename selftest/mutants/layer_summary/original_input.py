# Every layer gets the original X instead of the previous layer's output.
# expect: each on the previous layer's output
def layer_summary(net, X):
    rows = []
    for layer in net:
        Y = layer(X)
        rows.append((layer.__class__.__name__, tuple(Y.shape), sum(p.numel() for p in layer.parameters())))
    return rows
