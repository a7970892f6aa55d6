# fill_(0) for the weight as well: every weight the same.
# expect: draw them at random
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.fill_(0)
    net[0].bias.data.fill_(0)
    return net
