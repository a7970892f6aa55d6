# Seeds inside get_net: every net starts the same.
# expect: same weights on every call
def get_net():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    return net
