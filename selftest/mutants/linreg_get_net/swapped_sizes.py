# nn.Linear(1, 2): one input and two outputs.
# expect: 2 inputs and 1 output
def get_net():
    net = nn.Sequential(nn.Linear(1, 2))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    return net
