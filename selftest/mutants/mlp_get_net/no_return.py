# The net is built and initialised but never returned.
# expect: get_net() returned None
def get_net():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    net.apply(init_weights)
