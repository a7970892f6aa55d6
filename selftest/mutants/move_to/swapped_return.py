# The pair in the wrong order.
# expect: return (net, X) in that order
def move_to(net, X, device):
    return X.to(device), net.to(device)
