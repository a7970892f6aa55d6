# The ReLU is left out: the "MLP" is a linear model.
# expect: get_net() has layers
def get_net():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.Linear(256, 10))
    net.apply(init_weights)
    return net
