# Assigns a plain tensor to the parameter.
# expect: assigned a plain tensor
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight = torch.normal(0, 0.01, (1, 2))
    net[0].bias.data.fill_(0)
    return net
