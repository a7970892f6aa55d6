# Only the data is moved; the parameters stay where they were.
# expect: net.to(device)
def move_to(net, X, device):
    return net, X.to(device)
