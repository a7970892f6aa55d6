# Uniform in (-0.01, 0.01): std 0.0058, not N(0, 0.01).
# expect: expected N(0, 0.01)
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.uniform_(-0.01, 0.01)
    net[0].bias.data.fill_(0)
    return net
