# The output tensor is recorded instead of its shape.
# expect: not the tensor
def layer_shapes(net, X):
    outputs = []
    for layer in net:
        X = layer(X)
        outputs.append((layer.__class__.__name__, X))
    return outputs
