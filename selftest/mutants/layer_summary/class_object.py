# type(layer) is the class itself, not its name.
# expect: the name is a string
def layer_summary(net, X):
    rows = []
    for layer in net:
        X = layer(X)
        rows.append((type(layer), tuple(X.shape), sum(p.numel() for p in layer.parameters())))
    return rows
