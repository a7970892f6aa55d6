# No Flatten: the (B, 1, 28, 28) images reach Linear(784, 256) as they are.
# expect: start with nn.Flatten()
def get_net():
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    net.apply(init_weights)
    return net
