# No ReLU: two linear layers are one linear map.
# expect: nn.ReLU()
def get_net():
    net = nn.Sequential(nn.Linear(4, 10), nn.Linear(10, 1))
    for m in net:
        nn.init.xavier_uniform_(m.weight)
    return net
