# Tensor.to is not in place: X.to(device) is computed and thrown away.
# expect: X.to(device) returns a new tensor
def move_to(net, X, device):
    net.to(device)
    X.to(device)
    return net, X
