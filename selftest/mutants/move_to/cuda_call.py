# .cuda() instead of .to(device): the device argument is ignored.
# expect: move to the given device
def move_to(net, X, device):
    return net.cuda(), X.cuda()
