# len(list(...)) counts parameter tensors (weight, bias), not numbers.
# expect: counts parameter tensors
def layer_summary(net, X):
    rows = []
    for layer in net:
        X = layer(X)
        rows.append((layer.__class__.__name__, tuple(X.shape), len(list(layer.parameters()))))
    return rows
