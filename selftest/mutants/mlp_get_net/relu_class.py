# nn.ReLU without (): the class, not a layer object.
# expect: put layer objects in nn.Sequential
def get_net():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU, nn.Linear(256, 10))
    net.apply(init_weights)
    return net
