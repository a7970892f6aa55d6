# torch.nn.init does the same under no_grad.
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    nn.init.normal_(net[0].weight, mean=0.0, std=0.01)
    nn.init.zeros_(net[0].bias)
    return net
