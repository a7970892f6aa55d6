# Initialises the weight but leaves PyTorch's random bias.
# expect: bias should start at 0
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    return net
