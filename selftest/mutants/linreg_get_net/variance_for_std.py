# Passes the variance 0.0001 where normal_ wants the standard deviation.
# expect: not the variance
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.0001)
    net[0].bias.data.fill_(0)
    return net
