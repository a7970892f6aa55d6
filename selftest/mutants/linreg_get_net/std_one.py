# normal_(0, 1): the standard deviation should be 0.01.
# expect: the second argument of normal_ is the std
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 1)
    net[0].bias.data.fill_(0)
    return net
