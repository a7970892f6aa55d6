# Flatten after the linear layer: the images reach it unflattened.
# expect: put nn.Flatten() before nn.Linear(784, 10)
def get_net():
    net = nn.Sequential(nn.Linear(784, 10), nn.Flatten())
    net.apply(init_weights)
    return net
