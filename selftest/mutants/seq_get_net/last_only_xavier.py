# Red team I15: only the last Linear Xavier-initialised; the first keeps PyTorch's default.
# expect: layer 1 stay within PyTorch's default
def get_net():
    net = nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
    nn.init.xavier_uniform_(net[2].weight)
    return net
