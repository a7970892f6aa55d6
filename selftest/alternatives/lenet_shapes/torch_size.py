# The book's loop, keeping the torch.Size (a tuple) that it prints.
def layer_shapes(net, X):
    out = []
    for layer in net:
        X = layer(X)
        print(layer.__class__.__name__, 'output shape: \t', X.shape)
        out.append((type(layer).__name__, X.shape))
    return out
