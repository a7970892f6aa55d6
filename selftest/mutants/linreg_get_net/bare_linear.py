# Returns the layer itself: net[0] does not exist.
# expect: wrap the layer
def get_net():
    net = nn.Linear(2, 1)
    net.weight.data.normal_(0, 0.01)
    net.bias.data.fill_(0)
    return net
