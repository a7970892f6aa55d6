# Module.to moves the parameters in place, so the net need not be reassigned (a tensor's .to must be).
def move_to(net, X, device):
    net.to(device)
    X = X.to(device)
    return net, X
