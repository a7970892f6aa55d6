# Replaces the parameter with a new nn.Parameter.
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight = nn.Parameter(torch.normal(0, 0.01, (1, 2)))
    net[0].bias = nn.Parameter(torch.zeros(1))
    return net
